// libFuzzer target for update_models_ts (and the string escaping under it).
//
// Input layout: FILE_TEXT [ SEP ID [ SEP DESCRIPTION ] ] with SEP = "\xff\xfe". Without a separator
// the whole input is the file (the seed corpus is plain models.ts files) and the id is "fuzz-model".
// The entry's name is the description too, and one module name and one definition are the id, so
// hostile bytes reach every emitted string.
//
// Checked on every input (a violation traps):
//   - an insertion keeps every input byte: the output minus the inserted text (and the one added
//     comma) is the input;
//   - a replacement keeps every byte outside the replaced entry's `{...}`;
//   - the output scans, with exactly one entry with the id; the updater's own self-check
//     (E_INTERNAL) never fires;
//   - ts_string_literal output decodes, and escaping the decoded text gives the same literal;
//   - slugify_model_id gives a valid id or "".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "emit/models_ts_entry.hpp"
#include "emit/models_ts_updater.hpp"
#include "emit/ts_string.hpp"

namespace {

constexpr std::string_view kSeparator = "\xff\xfe";

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_update(std::string_view file, const hfmi::ModelsTsEntry& entry, bool replace, bool keep = false) {
  hfmi::ModelsTsUpdateOptions options;
  options.replace = replace;
  options.keep_name = keep;
  options.keep_description = keep;
  std::vector<hfmi::ModelsTsKept> kept;
  const auto result = hfmi::update_models_ts(file, entry, options, &kept);
  if (!result.ok()) {
    require(result.error().code != "E_INTERNAL");  // the updater's self-check never fails
    return;
  }
  const hfmi::ModelsTsUpdate& u = result.value();
  const std::string& out = u.text;
  require(u.edit_begin <= u.edit_end && u.edit_end <= out.size());
  if (u.action == "inserted") {
    std::string rest = out;
    rest.erase(u.edit_begin, u.edit_end - u.edit_begin);
    if (u.comma_at != std::string::npos) {
      require(u.comma_at < u.edit_begin && rest[u.comma_at] == ',');
      rest.erase(u.comma_at, 1);
    }
    require(rest == file);
  } else {
    require(u.action == "replaced" && replace);
    require(kept.size() <= 2 && (keep || kept.empty()));
    const auto scan = hfmi::scan_models_ts(file);
    require(scan.ok());
    const hfmi::ModelsTsEntrySpan* old = nullptr;
    for (const auto& e : scan.value().entries)
      if (e.id && *e.id == entry.id) old = &e;
    require(old != nullptr);
    require(std::string_view(out).substr(0, u.edit_begin) == file.substr(0, old->begin));
    require(std::string_view(out).substr(u.edit_end) == file.substr(old->end));
  }
  const auto rescan = hfmi::scan_models_ts(out);
  require(rescan.ok());
  int with_id = 0;
  for (const auto& e : rescan.value().entries) with_id += (e.id && *e.id == entry.id) ? 1 : 0;
  require(with_id == 1);
}

void check_literal(std::string_view text) {
  const std::string literal = hfmi::ts_string_literal(text);
  const auto decoded = hfmi::decode_ts_string_literal(literal);
  require(decoded.ok());
  require(hfmi::ts_string_literal(decoded.value()) == literal);
  // Whatever the scanner is given, it never crashes (and literals never fail to decode).
  size_t consumed = 0;
  (void)hfmi::decode_ts_string_literal(text, &consumed);
  require(consumed <= text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view file = input, id = "fuzz-model", description = "";
  if (const size_t a = input.find(kSeparator); a != std::string_view::npos) {
    file = input.substr(0, a);
    std::string_view rest = input.substr(a + kSeparator.size());
    const size_t b = rest.find(kSeparator);
    id = rest.substr(0, b);
    if (b != std::string_view::npos) description = rest.substr(b + kSeparator.size());
  }

  hfmi::ModelsTsEntry entry;
  entry.id = std::string(id);
  entry.name = description.empty() ? "Fuzz" : std::string(description);
  entry.description = std::string(description);
  entry.tree.modules = {{"FuzzRoot", 1, "", "block", {std::string(id)}},
                        {std::string(id).empty() ? "x" : std::string(id), 2, "FuzzRoot", "layer", {"a", "b"}}};
  if (entry.tree.modules[1].name == "FuzzRoot") entry.tree.modules[1].name = "FuzzRoot2";

  check_update(file, entry, false);
  check_update(file, entry, true);
  check_update(file, entry, true, /*keep=*/true);  // --replace keeping the curated name and description
  // The slug of the id is always valid (or empty), so the slugged entry is never refused for its id.
  entry.id = hfmi::slugify_model_id(id);
  require(entry.id.empty() || hfmi::is_valid_model_id(entry.id));
  if (!entry.id.empty()) check_update(file, entry, true);

  check_literal(description);
  check_literal(id);
  (void)hfmi::ts_property_key(id);
  return 0;
}
