/**
 * dmig infer: a plan proposed from the live tables (and an Amplify project's schema or outputs when given): each
 * table's ID attribute, references, patterns, identities and files, with the evidence for each (InferredPlan), read from
 * a sample of each table or the whole of the small ones. Imports the functions module only.
 */
@Face
package dev.dmig.infer;

import dev.dmig.Face;
