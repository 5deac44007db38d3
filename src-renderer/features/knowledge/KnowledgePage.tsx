import { ComingSoon } from '../../ui/ComingSoon';
import { BookIcon } from '../../ui/icons';

export function KnowledgePage() {
  return (
    <ComingSoon title="Knowledge" icon={<BookIcon />}>
      Knowledge bases: import documents, web pages and folders into a local RAG index that agents
      can search.
    </ComingSoon>
  );
}
