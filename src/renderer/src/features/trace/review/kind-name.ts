// How the review pages name a kind of target or evidence in words: 'model_version' reads "model version".

export function kindName(kind: string): string {
  return kind.replace(/_/g, ' ');
}
