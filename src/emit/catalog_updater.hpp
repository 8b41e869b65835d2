// Byte-preserving update of an llm-sizer models.json catalogue, as models_ts_updater.hpp does for
// models.ts: an insert adds only the new entry's lines, a replace rewrites only that entry's bytes,
// and every other byte of the file stays as it was.
//
// One linear pass (scan_catalog) checks the JSON syntax, finds the models array ({"models": [...]}
// or a bare top-level array) and each entry's span, id, hf_model_id and parameters_billions, without
// building a document. Time and memory are linear in the file size.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "emit/catalog_rules.hpp"

namespace hfmi {

struct CatalogEntrySpan {
  size_t begin = 0;  // offset of the entry's `{`
  size_t end = 0;    // one past its `}`
  std::string id;
  std::string hf_model_id;
  std::optional<double> parameters_billions;
};

struct CatalogScan {
  bool empty_file = false;     // only whitespace: a new {"models": [...]} is written
  size_t array_open = 0;       // offset of the models array's `[`
  size_t array_close = 0;      // offset of its `]`
  std::vector<CatalogEntrySpan> entries;  // the array's elements (objects), in file order
  std::string newline = "\n";  // "\r\n" when the first line ends so
  std::string entry_indent = "    ";  // leading whitespace of the first entry's line
  std::string indent_unit = "  ";     // one nesting level inside an entry
};

// E_BAD_CATALOG with line:column when the text is not JSON, has no models array, or an element of
// the array is not an object.
Result<CatalogScan> scan_catalog(std::string_view text);

struct CatalogUpdateOptions {
  bool replace = false;        // replace the entry with the same id (or the same hf_model_id)
  bool force = false;          // write an entry that breaks the schema or the rules (warnings instead)
  bool keep_name = true;       // on replace, keep the existing entry's curated name
  std::string schema_text;     // "" = the bundled llm-sizer schema
  bool with_text = true;       // build CatalogUpdate::text (false: only the splice, no copy of the file)
};

struct CatalogUpdate {
  std::string text;
  std::string action;  // "inserted" | "replaced"
  std::string id;      // the id written (a replace by hf_model_id keeps the existing id)
  size_t edit_begin = 0;  // the new or rewritten entry's bytes in `text`
  size_t edit_end = 0;
  // The same edit as a splice of the input: text = input[0, splice_begin) + replacement + input[splice_end, ...).
  // (The WASM boundary hands over only this, not the whole text.)
  size_t splice_begin = 0;
  size_t splice_end = 0;
  std::string replacement;
  std::vector<std::string> kept;      // fields kept from the replaced entry
  std::vector<CatalogIssue> issues;   // warnings (and, with force, the errors that were overridden)
};

// Inserts `entry` among its sorted neighbours (before the first entry with more parameters whose
// predecessor has no more than it; "custom" stays last), or replaces the entry with the same id or
// hf_model_id. Refused, with nothing written:
//   - E_CATALOG_SCHEMA: the entry breaks the schema or a validator rule (unless force), naming the
//     field and the limit;
//   - E_BAD_CATALOG: the id or hf_model_id is already there and not `replace`, or two entries match;
//   - any scan_catalog error.
Result<CatalogUpdate> update_catalog(std::string_view catalog_text, const Json& entry,
                                     const CatalogUpdateOptions& options);

}  // namespace hfmi
