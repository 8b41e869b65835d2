// Byte-preserving update of FlashInfer-Bench's docs/model_coverage.mdx with one model's section and
// Summary row (emit/coverage_section.hpp). Every byte outside them is kept; the file's newline style
// (LF, CRLF or CR) is used for what is written.
//  - insert: the Summary row goes after the table's last row; the section goes before the closing
//    separator (the file's last `---` line), preceded by its own `---` separator;
//  - replace (--replace): only that model's `## Name` section (up to its `---`) and its Summary row are
//    rewritten, keeping the names the file gives the model. Names match ignoring case, spaces, '-' and '_'
//    ("DeepSeek V3/R1" is the "DeepSeek V3 / R1" section, "Llama-3.1-8B" is "Llama 3.1 8B").
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "emit/coverage_section.hpp"

namespace hfmi {

struct CoverageUpdate {
  std::string text;
  std::string action;  // "inserted" | "replaced"
};

// E_BAD_MODELS_TS (the code of FlashInfer-Bench file updates) with the line when the file has no
// `## Summary` table, or when the model is there already and `replace` is false. Never partial text.
Result<CoverageUpdate> update_coverage_mdx(std::string_view file_text, const CoverageModel& model, bool replace);

// The newline the file uses: "\r\n", "\r" (CR-only) or "\n".
std::string detect_newline(std::string_view text);

}  // namespace hfmi
