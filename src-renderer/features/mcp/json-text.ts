// One JSON syntax checker for the UI and the CLI, so both name the same line and column.
export {
  describeJsonError,
  parseJson,
  type JsonParse,
  type JsonSyntaxError,
} from '@shared/json-text';
