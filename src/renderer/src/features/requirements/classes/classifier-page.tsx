// STUB: a requirements slice builds this page.
export function ClassifierPage() {
  return <div data-testid="requirements-stub">{JSON.stringify([])}</div>;
}
