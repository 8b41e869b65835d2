#include "emit/catalog_rules.hpp"

#include <cmath>

#include "core/json_access.hpp"
#include "core/vector_append.hpp"
#include "emit/catalog_pattern.hpp"

namespace hfmi {
namespace {

const char kBundledSchema[] =
#include "emit/catalog_schema_text.inc"
    ;

std::string show(const Json& v) { return dump_json(v); }

bool type_ok(const Json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return true;  // unknown type names are not ours to judge
}

void check_value(const Json& v, const Json& s, const std::string& path, std::vector<CatalogIssue>& out) {
  if (!s.is_object()) return;
  auto err = [&](const std::string& m) { out.push_back({"error", path, m}); };
  if (const auto t = s.find("type"); t != s.end()) {
    bool ok = false;
    std::string names;
    if (t->is_string()) {
      ok = type_ok(v, t->get<std::string>());
      names = t->get<std::string>();
    } else if (t->is_array()) {
      for (const Json& n : *t)
        if (n.is_string()) {
          ok = ok || type_ok(v, n.get<std::string>());
          names += (names.empty() ? "" : " or ") + n.get<std::string>();
        }
    } else {
      ok = true;
    }
    if (!ok) {
      err(path + " is " + show(v) + ": the schema wants " + names);
      return;
    }
  }
  if (const auto e = s.find("enum"); e != s.end() && e->is_array()) {
    bool found = false;
    for (const Json& x : *e) found = found || x == v;
    if (!found) err(path + " is " + show(v) + ": the schema allows only " + e->dump());
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (const auto m = s.find("minimum"); m != s.end() && m->is_number() && d < m->get<double>())
      err(path + " is " + show(v) + ", below the schema's minimum " + m->dump());
    if (const auto m = s.find("maximum"); m != s.end() && m->is_number() && d > m->get<double>())
      err(path + " is " + show(v) + ", above the schema's maximum " + m->dump());
    if (const auto m = s.find("exclusiveMinimum"); m != s.end() && m->is_number() && d <= m->get<double>())
      err(path + " is " + show(v) + ": the schema wants more than " + m->dump());
    if (const auto m = s.find("exclusiveMaximum"); m != s.end() && m->is_number() && d >= m->get<double>())
      err(path + " is " + show(v) + ": the schema wants less than " + m->dump());
  }
  if (v.is_string()) {
    const std::string& str = v.get_ref<const std::string&>();
    if (const auto m = s.find("minLength"); m != s.end() && m->is_number_unsigned() && str.size() < m->get<size_t>())
      err(path + " is " + show(v) + ", shorter than the schema's minLength " + m->dump());
    if (const auto m = s.find("maxLength"); m != s.end() && m->is_number_unsigned() && str.size() > m->get<size_t>())
      err(path + " is " + show(v) + ", longer than the schema's maxLength " + m->dump());
    if (const auto p = s.find("pattern"); p != s.end() && p->is_string()) {
      const std::string& pat = p->get_ref<const std::string&>();
      if (!pattern_supported(pat))
        out.push_back({"warning", path, path + ": the schema's pattern " + pat + " uses regex features this checker lacks; not checked"});
      else if (!pattern_matches(pat, str))
        err(path + " is " + show(v) + ": it does not match the schema's pattern " + pat);
    }
  }
  if (v.is_object()) {
    if (const auto r = s.find("required"); r != s.end() && r->is_array())
      for (const Json& k : *r)
        if (k.is_string() && !v.contains(k.get<std::string>()))
          err(path + "." + k.get<std::string>() + " is missing: the schema requires it");
    if (const auto props = s.find("properties"); props != s.end() && props->is_object())
      for (auto it = props->begin(); it != props->end(); ++it)
        if (const auto f = v.find(it.key()); f != v.end()) check_value(*f, it.value(), path + "." + it.key(), out);
  }
}

const Json* field(const Json& e, const char* key) {
  const auto it = e.find(key);
  return it == e.end() || it->is_null() ? nullptr : &*it;
}

// The llm-sizer validator's rules on top of the schema, one row each.
struct Rule {
  const char* name;
  void (*check)(const Json& e, std::vector<CatalogIssue>& out);
};

const Rule kCatalogRules[] = {
    {"kv heads within heads",
     [](const Json& e, std::vector<CatalogIssue>& out) {
       const Json* kv = field(e, "num_kv_heads");
       const Json* h = field(e, "num_heads");
       if (kv && h && kv->is_number() && h->is_number() && kv->get<double>() > h->get<double>())
         out.push_back({"error", "$.num_kv_heads",
                        "$.num_kv_heads is " + kv->dump() + ": it may not exceed num_heads (" + h->dump() + ")"});
     }},
    {"MoE entries name their experts",
     [](const Json& e, std::vector<CatalogIssue>& out) {
       const Json* a = field(e, "architecture");
       if (!a || *a != "moe") return;
       for (const char* k : {"num_experts", "experts_per_token"})
         if (!field(e, k))
           out.push_back({"warning", std::string("$.") + k,
                          std::string("$.") + k + " is missing: an MoE entry should carry it"});
     }},
    {"hf_model_id is org/Name",
     [](const Json& e, std::vector<CatalogIssue>& out) {
       const Json* id = field(e, "hf_model_id");
       if (!id) return;
       const std::string s = id->is_string() ? id->get<std::string>() : "";
       const size_t slash = s.find('/');
       if (slash == std::string::npos || slash == 0 || slash + 1 == s.size() || s.find('/', slash + 1) != std::string::npos)
         out.push_back({"warning", "$.hf_model_id", "$.hf_model_id is " + id->dump() + ": it should be org/Name"});
     }},
    {"sizes a calculator needs",
     [](const Json& e, std::vector<CatalogIssue>& out) {
       for (const char* k : {"num_kv_heads", "intermediate_size", "vocab_size"})
         if (!field(e, k))
           out.push_back({"warning", std::string("$.") + k,
                          std::string("$.") + k + " is missing: calculators fall back to a guess"});
     }},
    {"multimodal entries describe their vision tower",
     [](const Json& e, std::vector<CatalogIssue>& out) {
       const Json* m = field(e, "modality");
       if (!m || *m != "multimodal") return;
       const Json* v = field(e, "vision_config");
       if (!v || !v->is_object()) {
         out.push_back({"error", "$.vision_config", "$.vision_config is missing: a multimodal entry must have it"});
       } else {
         for (const char* k : {"model_type", "image_size"})
           if (!field(*v, k))
             out.push_back({"error", std::string("$.vision_config.") + k,
                            std::string("$.vision_config.") + k + " is missing: a multimodal entry must have it"});
         if (!field(*v, "parameters_millions"))
           out.push_back({"warning", "$.vision_config.parameters_millions",
                          "$.vision_config.parameters_millions is missing: a multimodal entry should have it"});
       }
       const Json* mc = field(e, "multimodal_config");
       if (!mc || !mc->is_object()) {
         out.push_back({"warning", "$.multimodal_config", "$.multimodal_config is missing: a multimodal entry should have it"});
         return;
       }
       for (const char* k : {"image_token_count", "projector_type"})
         if (!field(*mc, k))
           out.push_back({"warning", std::string("$.multimodal_config.") + k,
                          std::string("$.multimodal_config.") + k + " is missing: a multimodal entry should have it"});
     }},
};

}  // namespace

std::string_view bundled_catalog_schema() { return std::string_view(kBundledSchema, sizeof(kBundledSchema) - 1); }

Result<Json> parse_catalog_schema(std::string_view text) {
  auto parsed = parse_lenient_json(text, codes::kBadOptions);
  if (!parsed) return make_error(codes::kBadOptions, "the catalogue schema is not JSON: " + parsed.error().message, "--catalog-schema");
  if (!parsed.value().is_object()) return make_error(codes::kBadOptions, "the catalogue schema must be a JSON object", "--catalog-schema");
  return parsed;
}

std::vector<CatalogIssue> check_against_schema(const Json& entry, const Json& schema) {
  std::vector<CatalogIssue> out;
  check_value(entry, schema, "$", out);
  return out;
}

std::vector<CatalogIssue> check_validator_rules(const Json& entry) {
  std::vector<CatalogIssue> out;
  if (!entry.is_object()) return out;
  for (const Rule& r : kCatalogRules) r.check(entry, out);
  return out;
}

std::vector<CatalogIssue> check_catalog_entry(const Json& entry, const Json& schema) {
  std::vector<CatalogIssue> out = check_against_schema(entry, schema);
  std::vector<CatalogIssue> rules = check_validator_rules(entry);
  append(out, rules);
  return out;
}

}  // namespace hfmi
