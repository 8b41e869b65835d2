#include "emit/models_ts_request.hpp"

#include <string>

#include "core/lenient_json.hpp"

namespace hfmi {
namespace {

Error bad(const std::string& message, const std::string& path) { return make_error(codes::kBadOptions, message, path); }

}  // namespace

Result<ModelsTsEntry> models_ts_entry_from_json(std::string_view entry_json) {
  auto parsed = parse_lenient_json(entry_json, codes::kBadOptions);
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  if (!j.is_object()) return bad("the models.ts entry must be a JSON object", "$");
  ModelsTsEntry entry;
  for (const char* key : {"id", "name", "description"}) {
    const auto it = j.find(key);
    if (it == j.end()) continue;
    if (!it->is_string()) return bad(std::string(key) + " must be a string", std::string("$.") + key);
    std::string& field = key[0] == 'i' ? entry.id : key[0] == 'n' ? entry.name : entry.description;
    field = it->get<std::string>();
  }
  const auto modules = j.find("modules");
  if (modules == j.end() || !modules->is_array()) return bad("modules must be an array", "$.modules");
  for (size_t i = 0; i < modules->size(); ++i) {
    const Json& m = (*modules)[i];
    const std::string at = "$.modules[" + std::to_string(i) + "]";
    if (!m.is_object()) return bad("a module must be an object", at);
    Module mod;
    if (!m.contains("name") || !m["name"].is_string()) return bad("module name must be a string", at + ".name");
    mod.name = m["name"].get<std::string>();
    if (!m.contains("count") || !m["count"].is_number_integer() || m["count"].get<int64_t>() < 0)
      return bad("module count must be a non-negative integer", at + ".count");
    mod.count = m["count"].get<int64_t>();
    if (m.contains("parent") && !m["parent"].is_null()) {
      if (!m["parent"].is_string()) return bad("module parent must be a string", at + ".parent");
      mod.parent = m["parent"].get<std::string>();
    }
    if (!m.contains("type") || !m["type"].is_string()) return bad("module type must be a string", at + ".type");
    mod.type = m["type"].get<std::string>();
    if (m.contains("definitions") && !m["definitions"].is_null()) {
      if (!m["definitions"].is_array()) return bad("definitions must be an array of strings", at + ".definitions");
      for (const Json& d : m["definitions"]) {
        if (!d.is_string()) return bad("definitions must be an array of strings", at + ".definitions");
        mod.definitions.push_back(d.get<std::string>());
      }
    }
    entry.tree.modules.push_back(std::move(mod));
  }
  return entry;
}

Result<ModelsTsUpdate> update_models_ts_from_json(std::string_view file_text, std::string_view entry_json, bool replace,
                                                  std::vector<ModelsTsKept>* kept) {
  auto entry = models_ts_entry_from_json(entry_json);
  if (!entry) return entry.error();
  ModelsTsUpdateOptions options;
  options.replace = replace;
  auto parsed = parse_lenient_json(entry_json, codes::kBadOptions);
  if (parsed && parsed.value().is_object()) {
    const Json& j = parsed.value();
    options.keep_name = j.contains("keep_name") && j["keep_name"].is_boolean() && j["keep_name"].get<bool>();
    options.keep_description =
        j.contains("keep_description") && j["keep_description"].is_boolean() && j["keep_description"].get<bool>();
  }
  return update_models_ts(file_text, entry.value(), options, kept);
}

}  // namespace hfmi
