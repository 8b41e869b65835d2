// Safe, byte-preserving update of a FlashInfer-Bench models.ts: insert a new entry, or replace the
// entry with the same id, and leave every other byte of the file as it was.
//
// A small TypeScript scanner finds the structure. It understands // and /* */ comments, '...' and
// "..." strings, `...${...}...` template literals, regular-expression literals (/]/, /[/]"/g: a `/`
// after an operand is a division, anywhere else a regex), and ( [ { brackets. It is iterative: nesting
// (brackets, templates and substitutions together) deeper than kMaxModelsTsNesting is refused with
// E_BAD_MODELS_TS, whatever the stack.
//
// It looks for a top-level `const|let|var models ... = [` (with or without `export`, with any type
// annotation, with or without a trailing `satisfies Model[]`), the array's elements, and for every
// element that is an object literal, its `id` property when the value is a string literal.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "emit/models_ts_entry.hpp"

namespace hfmi {

// Deeper nesting than any models.ts needs (the real file nests 5 levels); deeper input is refused
// before the TypeScript check, whose parser recurses.
inline constexpr size_t kMaxModelsTsNesting = 256;

struct ModelsTsEntrySpan {
  size_t element_index = 0;       // position among all array elements
  size_t begin = 0;               // offset of the entry's `{`
  size_t end = 0;                 // one past its matching `}`
  std::optional<std::string> id;  // decoded `id` value, when it is a plain '...' or "..." string literal
  // When the entry has an `id` that is not a plain string literal: what it is ("a template literal",
  // "an expression"), and for a template literal without ${...} its text.
  std::string id_problem;
  std::optional<std::string> template_id;
  std::optional<std::string> name;         // decoded `name`, when a plain string literal
  std::optional<std::string> description;  // decoded `description`, when a plain string literal
  bool has_name = false;                   // a `name` / `description` property exists, literal or not
  bool has_description = false;
};

struct ModelsTsScan {
  size_t array_open = 0;                  // offset of the models array's `[`
  size_t array_close = 0;                 // offset of its matching `]`
  size_t element_count = 0;               // all elements, object literals or not
  std::vector<ModelsTsEntrySpan> entries;  // the object-literal elements, in file order
  size_t last_element_end = 0;            // one past the last element's last byte (if element_count > 0)
  bool last_element_has_comma = false;    // a `,` follows the last element
  std::string newline = "\n";             // "\r\n" or "\r" (CR-only) after the file's first line
  std::string entry_indent = "  ";        // leading whitespace of the first entry's line
  std::string indent_unit = "  ";         // one nesting level inside an entry
  ModulesLayout layout = ModulesLayout::kExpanded;  // kOneLine when existing modules are one per line
};

// Scans a models.ts text. E_BAD_MODELS_TS (message with line:column) when there is no top-level
// models array, more than one, unbalanced or mismatched brackets, or an unterminated
// string, template literal or comment.
Result<ModelsTsScan> scan_models_ts(std::string_view text);

struct ModelsTsUpdate {
  std::string text;
  std::string action;  // "inserted" | "replaced"
  // Where the edit happened in the new text (for diffs and checks): new_text[edit_begin, edit_end)
  // is the inserted or replacing text; with one extra inserted comma at comma_at (npos if none).
  size_t edit_begin = 0;
  size_t edit_end = 0;
  size_t comma_at = std::string::npos;
};

// Inserts `entry` before the closing `]` of the models array (adding a `,` after the last element
// when it has none), or, when an entry with the same id exists and `replace` is true, replaces
// exactly that entry's bytes from `{` to `}` (whatever follows, its comma included, is kept).
// The entry is emitted with the file's newline, entry indentation, indent unit and module layout.
// Errors, never with partial text:
//   - the entry itself is refused by emit_models_ts_entry (bad id, empty name, ...);
//   - E_BAD_MODELS_TS "entry with id X exists; use --replace" (path "models[i].id");
//   - E_BAD_MODELS_TS when the file already has several entries with that id;
//   - any scan_models_ts error.
Result<ModelsTsUpdate> update_models_ts(std::string_view file_text, const ModelsTsEntry& entry, bool replace);

// --replace keeps the existing entry's curated `name` and `description` unless they were given.
struct ModelsTsUpdateOptions {
  bool replace = false;
  bool keep_name = false;         // on replace, keep the existing entry's name (when a plain string)
  bool keep_description = false;  // on replace, keep the existing description (or its absence)
};
struct ModelsTsKept {
  std::string field;  // "name" | "description"
  std::string value;
};
// As above; on replace, also refuses (E_BAD_MODELS_TS, nothing written) when no entry has the id as a
// plain string literal but one has an id that is not one (a template literal or an expression): the
// updater cannot tell whether that entry is the model, and an insert could duplicate it.
// `kept` lists what was kept from the old entry.
Result<ModelsTsUpdate> update_models_ts(std::string_view file_text, const ModelsTsEntry& entry,
                                        const ModelsTsUpdateOptions& options, std::vector<ModelsTsKept>* kept);

}  // namespace hfmi
