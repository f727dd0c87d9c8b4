document.querySelectorAll('svg.graph .node').forEach(function (node) {
  var svg = node.ownerSVGElement, i = node.getAttribute('data-i');
  function show(on) {
    svg.classList.toggle('focus', on);
    node.classList.toggle('hl', on);
    svg.querySelectorAll('.edge').forEach(function (edge) {
      var mine = edge.getAttribute('data-from') === i || edge.getAttribute('data-to') === i;
      edge.classList.toggle('hl', on && mine);
    });
  }
  node.addEventListener('mouseenter', function () { show(true); });
  node.addEventListener('mouseleave', function () { show(false); });
  node.addEventListener('focus', function () { show(true); });
  node.addEventListener('blur', function () { show(false); });
});
