/**
 * dmig dashboard: a web server on 127.0.0.1 (DashboardServer) that serves the runs and their updates to a page and takes
 * its actions, each behind the token printed with the address (Board: what the page shows and asks).
 */
package dev.dmig.dashboard;
