// One FlashInfer-Bench `models.ts` entry (a value of the `Model` type) as TypeScript text, laid out
// like web/apps/web/data/models.ts:
//
//   {
//     id: "llama-3.1-8b",
//     name: "Llama 3.1 8B",
//     description: "...",
//     modules: {
//       LlamaForCausalLM: {
//         count: 1,
//         type: "block",
//         definitions: [],
//       },
//       attn: {
//         count: 32,
//         parent: "self_attn",
//         type: "layer",
//         definitions: [
//           "gqa_paged_prefill_causal_h32_kv8_d128_ps1",
//           ...
//         ],
//       },
//     },
//   },
//
// (prettier's layout with a 100-column print width: a definitions array stays on one line when the
// whole line fits, else one name per line). ModulesLayout::kOneLine writes each module on one line
// instead: `Name: { count: N, parent: "P", type: "layer", definitions: ["a", "b"] },`.
// Every string goes through ts_string_literal(), every key through ts_property_key().
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "arch/module_tree.hpp"
#include "core/error.hpp"

namespace hfmi {

struct ModelsTsEntry {
  std::string id;           // must match ^[a-z0-9.-]+$
  std::string name;         // must not be empty
  std::string description;  // empty = omitted
  ModuleTree tree;
};

enum class ModulesLayout { kExpanded, kOneLine };

struct ModelsTsFormat {
  std::string indent_unit = "  ";  // one indentation level
  std::string newline = "\n";      // "\r\n" for CRLF files
  ModulesLayout layout = ModulesLayout::kExpanded;
  int print_width = 100;  // kExpanded: a definitions array longer than this is split one per line
};

// The entry text: starts with the indentation of `indent_level` and `{`, ends with `},` (no newline).
// Refuses (E_USAGE, path "id"/"name") an id not matching ^[a-z0-9.-]+$ or an empty name, and
// (E_BAD_MODELS_TS, path "modules[i]...") an empty or duplicate module name or a type other than
// "block"/"layer". Parents that are empty are omitted.
Result<std::string> emit_models_ts_entry(const ModelsTsEntry& entry, int indent_level = 1);
Result<std::string> emit_models_ts_entry(const ModelsTsEntry& entry, const ModelsTsFormat& format,
                                         int indent_level = 1);

// A whole new models.ts in the real file's layout (import, `const models: Model[] = [`, the entries,
// `] satisfies Model[]`, `export default models`). Refuses duplicate ids (E_USAGE, path "[i].id").
Result<std::string> emit_models_ts_file(const std::vector<ModelsTsEntry>& entries,
                                        const ModelsTsFormat& format = {});

// ^[a-z0-9.-]+$
bool is_valid_model_id(std::string_view id);

// The id slug of a repo name: the part after the last '/', ASCII-lowercased; every byte outside
// [a-z0-9.-] becomes '-'; runs of '-' collapse to one; leading/trailing '-' and '.' are trimmed.
// "Llama-3.1-8B" -> "llama-3.1-8b", "Qwen/Qwen3-30B-A3B" -> "qwen3-30b-a3b". May return "".
std::string slugify_model_id(std::string_view repo_name);

}  // namespace hfmi
