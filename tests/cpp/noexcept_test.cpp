// The core is built with -fno-exceptions. Each case feeds the malformed input that used to reach one of the
// try/catch sites the core had (the GGUF decoder's Short/Fail, parse_model_config's catch-all, the catalogue
// updater's two parses, the accounting's, the shard index's, the safetensors decoder's, the Definitions
// catalogue's and the module-tree checks' nets, and lenient_json's re-parse for the byte position), and checks
// the error value that comes back now. Expected codes, paths and positions are read off the inputs.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "arch/module_tree.hpp"
#include "config/config_parser.hpp"
#include "core/json_access.hpp"
#include "core/lenient_json.hpp"
#include "emit/catalog_updater.hpp"
#include "gguf/gguf_header.hpp"
#include "gguf_builder.hpp"
#include "header_builder.hpp"
#include "naming/definitions_catalog.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"
#include "safetensors/shard_index.hpp"
#include "validate/module_tree_checks.hpp"

using namespace hfmi;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("no exceptions: invalid JSON keeps the parser's line and column in E_BAD_CONFIG", "[noexcept]") {
  // A trailing comma: the '}' after it is the offending byte (1-based column = its index + 1).
  const std::string one_line = R"({"model_type": "llama",})";
  auto r = parse_model_config(one_line);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_CONFIG");
  CHECK(r.error().path == "$");
  CHECK(contains(r.error().message, "not valid JSON: "));
  CHECK(contains(r.error().message, "line 1, column " + std::to_string(one_line.find('}') + 1)));
  // Three lines: the '}' opens line 3.
  auto two = parse_lenient_json("{\n\"a\": 1,\n}", "E_BAD_JSON");
  REQUIRE_FALSE(two.ok());
  CHECK(two.error().code == "E_BAD_JSON");
  CHECK(contains(two.error().message, "line 3, column 1"));
  // A number past a double's range is refused by nlohmann (not turned into infinity).
  CHECK_FALSE(parse_lenient_json(R"({"a": 1e999})", "E_BAD_JSON").ok());
  CHECK(json_parse_error("[1, 2]") == "not valid JSON");  // valid JSON: no position to give
}

TEST_CASE("no exceptions: config fields of the wrong type are E_BAD_CONFIG at their path", "[noexcept]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"model_type": "llama", "architectures": [1]})", "$.architectures[0]"},
      {R"({"model_type": "llama", "architectures": "LlamaForCausalLM"})", "$.architectures"},
      {R"({"model_type": 5})", "$.model_type"},
      {R"({"model_type": "llava", "text_config": 3})", "$.text_config"},
      {R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": "32", "num_attention_heads": 32,
           "intermediate_size": 11008, "vocab_size": 32000})",
       "$.num_hidden_layers"},
  };
  for (const auto& [text, path] : cases) {
    INFO(text);
    auto r = parse_model_config(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_CONFIG");
    CHECK(r.error().path == path);
  }
  auto not_object = parse_model_config("[1, 2]");
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.error().path == "$");
}

TEST_CASE("no exceptions: the GGUF decoder stops at a short read or the first failure", "[noexcept][gguf]") {
  using test::GgufBuilder;
  // Fewer than 4 bytes of a file of unknown size: incomplete, at least the 24-byte preamble.
  auto tiny = decode_gguf_header("GG", 0, "t.gguf");
  REQUIRE(tiny.ok());
  CHECK_FALSE(tiny->complete);
  CHECK(tiny->header_bytes == 24);

  // A kv holding a uint32[3] array cut after its first element: the header needs 4 more bytes.
  GgufBuilder b;
  b.preamble(3, 0, 1).str("a").u32(9).u32(4).u64(3).u32(7);
  const uint64_t need = b.size() + 4;  // the second element's 4 bytes
  auto cut = decode_gguf_header(b.bytes(), 0, "t.gguf");
  REQUIRE(cut.ok());
  CHECK_FALSE(cut->complete);
  CHECK(cut->header_bytes == need);
  CHECK(cut->estimated_header_bytes >= need + 4);  // the third element is still to come

  // The same bytes with the file's size known: past its end is an error, not a short read.
  auto truncated = decode_gguf_header(b.bytes(), b.size(), "t.gguf");
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().code == "E_BAD_HEADER");
  CHECK(truncated.error().message.rfind("gguf_truncated_file", 0) == 0);
  CHECK(truncated.error().path == "metadata.a");

  // A bad magic is reported once, and nothing after it is read.
  auto magic = decode_gguf_header(GgufBuilder().magic("GGUX").u32(3).u64(0).u64(0).bytes(), 0, "t.gguf");
  REQUIRE_FALSE(magic.ok());
  CHECK(magic.error().message.rfind("gguf_bad_magic", 0) == 0);
  CHECK(magic.error().path == "magic");

  // An unknown value type inside an array: the first failure wins (no read on with the zero it left).
  GgufBuilder t;
  t.preamble(3, 0, 1).str("k").u32(9).u32(99).u64(1).u32(0);
  auto type = decode_gguf_header(t.bytes(), 0, "t.gguf");
  REQUIRE_FALSE(type.ok());
  CHECK(type.error().message.rfind("gguf_unknown_value_type", 0) == 0);
  CHECK(contains(type.error().message, "99"));
  CHECK(type.error().path == "metadata.k");
}

TEST_CASE("no exceptions: malformed safetensors headers and shard indexes are values", "[noexcept][safetensors]") {
  auto bad_json = decode_safetensors_header(test::header_bytes_from_json(R"({"t": {"dtype": "F16", "shape": [2],)"), 0, "s");
  REQUIRE_FALSE(bad_json.ok());
  CHECK(bad_json.error().code == "E_BAD_HEADER");
  auto bad_offsets = decode_safetensors_header(
      test::header_bytes_from_json(R"({"t": {"dtype": "F16", "shape": [2], "data_offsets": [0, "4"]}})"), 0, "s");
  REQUIRE_FALSE(bad_offsets.ok());
  CHECK(bad_offsets.error().code == "E_BAD_HEADER");

  {
    ShardIndexParser p;
    auto r = p.feed(R"({"weight_map": {"a.weight": 5}})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_INDEX");
    auto again = p.finish();  // the first error sticks
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message == r.error().message);
  }
  {
    const std::string text = R"({"weight_map": {"a.weight": "model.safetensors")";
    ShardIndexParser p;
    REQUIRE(p.feed(text).ok());
    auto r = p.finish();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_INDEX");
    CHECK(contains(r.error().message, "(" + std::to_string(text.size()) + " bytes read)"));
  }
}

TEST_CASE("no exceptions: a Definitions catalogue of the wrong shape names the field", "[noexcept][naming]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"definitions": [{"name": 5}]})", "$.definitions[0].name"},
      {R"({"definitions": 3})", "$.definitions"},
      {R"({"names": ["ok", 7]})", "$.names[1]"},
      {R"({"definitions": [{"op_type": "gemm"}]})", "$.definitions[0].name"},
      {R"("a string")", "$"},
      {R"({"definitions": [)", "$"},
  };
  for (const auto& [text, path] : cases) {
    INFO(text);
    auto r = load_definitions_catalog(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path == path);
  }
  // Fields of the wrong type that are optional are skipped, not fatal.
  auto loose = load_definitions_catalog(R"([{"name": "gemm_x", "op_type": 1, "tags": "x", "description": []}])");
  REQUIRE(loose.ok());
}

TEST_CASE("no exceptions: replacing a catalogue entry that is not JSON is E_BAD_CATALOG", "[noexcept][catalog]") {
  // The scanner takes "1-2" as a number token; the JSON parser does not.
  const std::string text = "{\"models\": [\n  {\"id\": \"m\", \"hf_model_id\": \"o/m\", \"x\": 1-2}\n]}\n";
  CatalogUpdateOptions o;
  o.replace = true;
  auto r = update_catalog(text, Json{{"id", "m"}, {"hf_model_id", "o/m"}}, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_CATALOG");
  CHECK(contains(r.error().message, "models.json 2:3: the entry to replace is not valid JSON"));
}

TEST_CASE("no exceptions: accounting with mismatched roles and hostile trees are values", "[noexcept]") {
  std::vector<TensorInfo> tensors(2);
  tensors[0].name = "a";
  tensors[1].name = "b";
  const ParamReport r = account_classified(tensors, {}, ModelConfig{});
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "accounting failed: the tensor roles do not match the tensor list");

  // Duplicate names, a missing parent and a two-module cycle: findings, never E_INTERNAL.
  ModuleTree tree;
  tree.modules = {Module{"x", 1, "", "block"}, Module{"x", 1, "", "block"}, Module{"y", 1, "nowhere", "layer"},
                  Module{"p", 2, "q", "block"}, Module{"q", 2, "p", "block"}, Module{"", 1, "", "layer"}};
  const Issues issues = validate_module_tree(tree, 2, nullptr, nullptr);
  CHECK_FALSE(issues.empty());
  for (const Issue& i : issues) CHECK(i.code != "E_INTERNAL");
  bool duplicate_named = false;
  for (const Issue& i : issues) duplicate_named = duplicate_named || contains(i.message, "(module 0 and module 1)");
  CHECK(duplicate_named);
}

TEST_CASE("no exceptions: checked accessors fall back instead of aborting", "[noexcept]") {
  const Json o = Json::parse(R"({"replace": "yes", "n": 2.5, "m": 3, "s": 4, "t": "x", "z": null})");
  CHECK_FALSE(json_flag(o, "replace", false));
  CHECK(json_flag(Json::parse(R"({"replace": true})"), "replace", false));
  CHECK(json_flag(Json::array(), "replace", true));
  auto bad = json_bool_option(o, "replace", false, "E_USAGE");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().path == "replace");
  auto absent = json_bool_option(o, "force", true, "E_USAGE");
  REQUIRE(absent.ok());
  CHECK(absent.value());
  CHECK(json_int(o, "n", -1) == -1);
  CHECK(json_int(o, "m", -1) == 3);
  CHECK(json_string(o, "s", "d") == "d");
  CHECK(json_string(o, "t", "d") == "x");
  CHECK(json_member(o, "z") == nullptr);
  // Invalid UTF-8 is written as U+FFFD (EF BF BD) instead of a type_error.
  CHECK(dump_json(Json(std::string("a\xff"))) == "\"a\xEF\xBF\xBD\"");
}
