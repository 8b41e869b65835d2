// The analysis options every entry point validates (CLI flags, library options, the page's form, the
// core's AnalyzeOptions): one row per option with its integer bounds.
// js/core/generated/options.ts is generated from this table.
#pragma once
#include <cstddef>
#include <cstdint>

#include "policy/table_checks.hpp"

namespace hfmi {

enum class OptionId { kTp, kEp, kContextLength, kPageSize, kPageSizeCount, kCount };

struct OptionRow {
  OptionId id;
  const char* name;  // the core's JSON key (the CLI flag and the library option say it their way)
  int64_t min;
  int64_t max;
  const char* meaning;
};

inline constexpr OptionRow kOptions[] = {
    {OptionId::kTp, "tp", 1, 1024, "tensor-parallel degree"},
    {OptionId::kEp, "ep", 1, 65536, "expert-parallel degree"},
    {OptionId::kContextLength, "context_length", 1, int64_t{1} << 40, "context length for KV-cache bytes"},
    {OptionId::kPageSize, "page_size", 1, int64_t{1} << 20, "one page size of paged attention"},
    {OptionId::kPageSizeCount, "page_sizes", 1, 16, "how many page sizes"},
};
static_assert(sizeof(kOptions) / sizeof(kOptions[0]) == static_cast<size_t>(OptionId::kCount) && rows_follow_enum(kOptions),
              "kOptions needs one row per OptionId, in enum order");

constexpr const OptionRow& option_row(OptionId id) { return kOptions[static_cast<size_t>(id)]; }

}  // namespace hfmi
