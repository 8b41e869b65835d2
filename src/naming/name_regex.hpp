// A small regular-expression matcher for Definition naming patterns, in place of std::regex (which the
// WASM build drops for size). It reads the syntax naming_patterns.json uses (Python flavour):
//   literals and escapes (\d \w \s \. \_ ...), `.`, classes `[a-z_]` / `[^...]`, groups `( )`, `(?: )`,
//   named groups `(?P<name> )`, alternation `|`, greedy `*` `+` `?`, anchors `^` at the start and `$` at
//   the end. Anything else (lookarounds, backreferences, `{n,m}`, lazy quantifiers) is a compile error.
// Matching is whole-string (as std::regex_match), by a backtracking VM with an explicit stack and a
// memo of failed (instruction, position) states: time O(program x input), no recursion on the input.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hfmi {

class NameRegex {
 public:
  // Limits checked before compiling or matching (a naming pattern is a few hundred bytes, a name < 512).
  static constexpr size_t kMaxPatternBytes = 4096;
  static constexpr size_t kMaxGroupNesting = 32;
  static constexpr size_t kMaxInputBytes = 4096;

  // nullopt with a reason in *error for a pattern outside the syntax above.
  static std::optional<NameRegex> compile(std::string_view pattern, std::string* error = nullptr);

  bool matches(std::string_view input) const { return match(input, nullptr); }
  // Whole-string match; on success *groups (when given) holds each capturing group's text, in order
  // ("" for a group that did not take part).
  bool match(std::string_view input, std::vector<std::string>* groups) const;

  // Capturing groups in order: the name of a (?P<name>...) group, "" for a plain one.
  const std::vector<std::string>& group_names() const { return group_names_; }

  enum class Op : uint8_t { kChar, kAny, kClass, kSplit, kJmp, kSave, kMatch };
  struct Inst {
    Op op;
    unsigned char c = 0;  // kChar
    size_t x = 0;         // kSplit (preferred) / kJmp target / kSave slot / kClass index
    size_t y = 0;         // kSplit alternative
  };

 private:
  std::vector<Inst> program_;
  std::vector<std::vector<uint8_t>> classes_;  // 256 entries each (bytes, not vector<bool>: see name_regex.cpp)
  std::vector<std::string> group_names_;
  friend class NameRegexCompiler;
};

}  // namespace hfmi
