// Tree ensembles as one ai.onnx.ml TreeEnsembleRegressor giving the raw scores, one target per model output.
// Raw scores rather than TreeEnsembleClassifier: the classifier picks binary labels by its own rule (score > 0.5 when
// all leaf weights are positive, > 0 otherwise), while ours is argmax of the probabilities, as for every other body.
import type { ModelBody } from '../training/model-types';
import { ElemType, attr, type GraphBuilder } from './onnx-graph-builder';

/** Scores [N, outputs] in double; x must be double so thresholds compare in double. */
export function addTreeScores(g: GraphBuilder, x: string, body: Extract<ModelBody, { kind: 'trees' }>): string {
  const nodes = { tree: [] as number[], id: [] as number[], feature: [] as number[], mode: [] as string[], threshold: [] as number[] };
  const branches = { yes: [] as number[], no: [] as number[], missingYes: [] as number[] };
  const leaves = { tree: [] as number[], id: [] as number[], target: [] as number[], weight: [] as number[] };
  let treeId = 0;
  body.trees.forEach((trees, target) => {
    for (const tree of trees) {
      // Only nodes reachable from the root: checkModel() vouched for those, the rest may be leftovers.
      const stack = [0];
      while (stack.length > 0) {
        const node = stack.pop()!;
        const f = tree.feature[node];
        const leaf = f < 0;
        nodes.tree.push(treeId);
        nodes.id.push(node);
        nodes.feature.push(leaf ? 0 : f);
        // x <= threshold goes left; NaN fails every comparison, so it follows missingLeft through tracks_true.
        nodes.mode.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
        nodes.threshold.push(leaf ? 0 : tree.threshold[node]);
        branches.yes.push(leaf ? 0 : tree.left[node]);
        branches.no.push(leaf ? 0 : tree.right[node]);
        branches.missingYes.push(!leaf && tree.missingLeft[node] ? 1 : 0);
        if (leaf) {
          leaves.tree.push(treeId);
          leaves.id.push(node);
          leaves.target.push(target);
          leaves.weight.push(tree.value[node]);
        } else {
          stack.push(tree.left[node], tree.right[node]);
        }
      }
      treeId++;
    }
  });
  // The *_as_tensor attributes hold doubles: float thresholds would move split points and float leaf values would add
  // rounding to every tree's contribution.
  const scores = g.op(
    'TreeEnsembleRegressor',
    [x],
    {
      n_targets: attr.int(body.base.length),
      aggregate_function: attr.string('SUM'),
      post_transform: attr.string('NONE'),
      base_values_as_tensor: attr.doubles(body.base),
      nodes_treeids: attr.ints(nodes.tree),
      nodes_nodeids: attr.ints(nodes.id),
      nodes_featureids: attr.ints(nodes.feature),
      nodes_modes: attr.strings(nodes.mode),
      nodes_values_as_tensor: attr.doubles(nodes.threshold),
      nodes_truenodeids: attr.ints(branches.yes),
      nodes_falsenodeids: attr.ints(branches.no),
      nodes_missing_value_tracks_true: attr.ints(branches.missingYes),
      target_treeids: attr.ints(leaves.tree),
      target_nodeids: attr.ints(leaves.id),
      target_ids: attr.ints(leaves.target),
      target_weights_as_tensor: attr.doubles(leaves.weight),
    },
    'ai.onnx.ml',
  );
  // The operator's output is float by definition (the sum itself runs in double inside ORT).
  return g.op('Cast', [scores], { to: attr.int(ElemType.double) });
}
