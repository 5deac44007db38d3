// Answers of "Ask" are rendered by ui/Markdown, which finds citation markers with this splitter.
export { splitAnswer, type AnswerPart } from '../../ui/citation-text';
