// The editable side of a model or of one version: its tags and its description. The caller says which it edits.
import { TagsCard, TextCard, type SetTag } from '../../components/annotation-cards';

export function ModelTags({ title, tags, setTag }: { title: string; tags: Record<string, string>; setTag: SetTag }) {
  return <TagsCard title={title} tags={tags} setTag={setTag} testId="model" />;
}

export function ModelDescription({ title, description, save }: { title: string; description: string; save: (text: string) => Promise<void> }) {
  return (
    <TextCard
      title={title}
      text={description}
      placeholder="What is this model for, what does it expect, what are its limits?"
      save={save}
      saveLabel="Save description"
      testId="model-description"
    />
  );
}
