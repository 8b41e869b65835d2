#include "validate/module_tree_checks.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include "validate/module_path.hpp"

namespace hfmi {
namespace {

constexpr std::array<const char*, 2> kModuleTypes = {"block", "layer"};
// No Definition name is longer; longer names are reported without matching.
constexpr size_t kMaxPatternCheckedLength = 512;
constexpr size_t kNoIndex = static_cast<size_t>(-1);

Issue error(const char* code, std::string path, std::string message) {
  return Issue{kSeverityError, code, std::move(path), std::move(message)};
}
Issue warning(const char* code, std::string path, std::string message) {
  return Issue{kSeverityWarning, code, std::move(path), std::move(message)};
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// The modules indexed by name (first occurrence wins) with parent links resolved.
struct TreeIndex {
  std::map<std::string, size_t> by_name;
  std::vector<size_t> parent;        // kNoIndex for a root or a missing parent
  std::vector<uint8_t> first_occurrence;
};

TreeIndex index_tree(const ModuleTree& tree) {
  TreeIndex ix;
  const auto& mods = tree.modules;
  ix.first_occurrence.assign(mods.size(), false);
  for (size_t i = 0; i < mods.size(); ++i) {
    if (mods[i].name.empty()) continue;
    ix.first_occurrence[i] = ix.by_name.emplace(mods[i].name, i).second;
  }
  ix.parent.assign(mods.size(), kNoIndex);
  for (size_t i = 0; i < mods.size(); ++i) {
    if (mods[i].parent.empty()) continue;
    auto it = ix.by_name.find(mods[i].parent);
    if (it != ix.by_name.end()) ix.parent[i] = it->second;
  }
  return ix;
}

std::string where(const ModuleTree& tree, size_t i, const std::string& field = "") {
  const std::string& name = tree.modules[i].name;
  if (name.empty()) return "modules[" + std::to_string(i) + "]" + (field.empty() ? "" : "." + field);
  return module_issue_path(name, field);
}

// Root/.../module, following parents (cycle-safe).
std::string ancestry(const ModuleTree& tree, const TreeIndex& ix, size_t i) {
  std::vector<std::string> chain;
  size_t cur = i;
  for (size_t steps = 0; cur != kNoIndex && steps <= tree.modules.size(); ++steps) {
    chain.push_back(tree.modules[cur].name);
    cur = ix.parent[cur];
  }
  std::string s;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) s += (s.empty() ? "" : "/") + *it;
  return s;
}

void check_modules(const ModuleTree& tree, const TreeIndex& ix, const std::vector<NameRegex>* patterns,
                   FunctionRef<bool(const std::string&)> is_known, Issues& out) {
  const auto& mods = tree.modules;
  for (size_t i = 0; i < mods.size(); ++i) {
    const Module& m = mods[i];
    if (m.name.empty()) {
      out.push_back(error(issue_codes::kEmptyModuleName, where(tree, i), "module " + std::to_string(i) + " has no name"));
    } else if (!ix.first_occurrence[i]) {  // its name's first emplace won: by_name holds it
      out.push_back(error(issue_codes::kDuplicateModule, where(tree, i),
                          "module name " + quoted(m.name) + " is used more than once (module " +
                              std::to_string(ix.by_name.find(m.name)->second) + " and module " + std::to_string(i) + ")"));
    }
    if (std::none_of(kModuleTypes.begin(), kModuleTypes.end(), [&](const char* t) { return m.type == t; })) {
      out.push_back(error(issue_codes::kBadType, where(tree, i, "type"),
                          "type is " + quoted(m.type) + "; expected \"block\" or \"layer\""));
    }
    if (m.count < 1) {
      out.push_back(error(issue_codes::kBadCount, where(tree, i, "count"),
                          "count is " + std::to_string(m.count) + "; expected a positive integer"));
    }
    if (!m.parent.empty() && ix.by_name.find(m.parent) == ix.by_name.end()) {
      out.push_back(error(issue_codes::kParentMissing, where(tree, i, "parent"),
                          "parent " + quoted(m.parent) + " of " + quoted(m.name) + " is not a module"));
    }
    if (m.unsupported) {
      out.push_back(warning(issue_codes::kUnsupported, where(tree, i),
                            quoted(m.name) + " is a kind the family tables do not know" +
                                (m.note.empty() ? std::string() : ": " + m.note)));
    }
    for (size_t j = 0; j < m.definitions.size(); ++j) {
      const std::string& d = m.definitions[j];
      const std::string path = where(tree, i, "definitions[" + std::to_string(j) + "]");
      if (patterns) {
        const bool matches = d.size() <= kMaxPatternCheckedLength &&
                             std::any_of(patterns->begin(), patterns->end(),
                                         [&](const NameRegex& re) { return re.matches(d); });
        if (!matches) {
          out.push_back(warning(issue_codes::kNamePattern, path,
                                "definition name " + quoted(d) + " matches none of the dataset's naming patterns"));
        }
      }
      if (is_known && !is_known(d)) {
        out.push_back(warning(issue_codes::kDefinitionMissing, path,
                              "definition " + quoted(d) + " (used by " + ancestry(tree, ix, i) +
                                  ") is not in the known definitions"));
      }
    }
  }
}

void check_roots_and_cycles(const ModuleTree& tree, const TreeIndex& ix, Issues& out) {
  const auto& mods = tree.modules;
  std::vector<size_t> roots;
  for (size_t i = 0; i < mods.size(); ++i)
    if (ix.first_occurrence[i] && mods[i].parent.empty()) roots.push_back(i);
  if (!mods.empty() && roots.empty()) {
    out.push_back(error(issue_codes::kNoRoot, "modules", "no module is a root (every module has a parent)"));
  }
  if (roots.size() > 1) {
    std::string names;
    for (size_t r : roots) names += (names.empty() ? "" : ", ") + quoted(mods[r].name);
    out.push_back(warning(issue_codes::kMultipleRoots, where(tree, roots[1]),
                          std::to_string(roots.size()) + " modules have no parent (" + names + "); expected one root"));
  }
  // Cycles: walk parent links with colours (0 new, 1 on the current walk, 2 done). Iterative.
  std::vector<int> colour(mods.size(), 0);
  for (size_t start = 0; start < mods.size(); ++start) {
    if (!ix.first_occurrence[start] || colour[start] != 0) continue;
    std::vector<size_t> walk;
    size_t cur = start;
    while (cur != kNoIndex && colour[cur] == 0) {
      colour[cur] = 1;
      walk.push_back(cur);
      cur = ix.parent[cur];
    }
    if (cur != kNoIndex && colour[cur] == 1) {
      const auto first = std::find(walk.begin(), walk.end(), cur);
      std::vector<size_t> cycle(first, walk.end());
      const size_t reported = *std::min_element(cycle.begin(), cycle.end());
      // Describe the cycle starting at the reported member, following parents.
      std::string chain = quoted(mods[reported].name);
      size_t k = ix.parent[reported];
      for (size_t steps = 0; steps < cycle.size(); ++steps, k = ix.parent[k]) chain += " -> " + quoted(mods[k].name);
      out.push_back(error(issue_codes::kCycle, where(tree, reported, "parent"), "parent links form a cycle: " + chain));
    }
    for (size_t w : walk) colour[w] = 2;
  }
}

std::string list_counts(const ModuleTree& tree, const std::vector<size_t>& group) {
  std::string s;
  for (size_t c : group) {
    s += (s.empty() ? "" : " + ") + tree.modules[c].name + " " + std::to_string(tree.modules[c].count);
  }
  return s;
}

int64_t sum_counts(const ModuleTree& tree, const std::vector<size_t>& group) {
  int64_t sum = 0;
  for (size_t c : group) {
    const int64_t v = tree.modules[c].count;
    if (v > 0 && sum > INT64_MAX - v) return INT64_MAX;  // saturate; absurd counts never sum "right"
    sum += v;
  }
  return sum;
}

void check_counts(const ModuleTree& tree, const TreeIndex& ix, int64_t num_layers, Issues& out) {
  const auto& mods = tree.modules;
  // Block children of each block (first occurrences, positive counts).
  std::vector<std::vector<size_t>> block_children(mods.size());
  for (size_t i = 0; i < mods.size(); ++i) {
    if (!ix.first_occurrence[i] || mods[i].type != "block" || mods[i].count < 1) continue;
    const size_t p = ix.parent[i];
    if (p != kNoIndex && p != i && mods[p].type == "block" && mods[p].count >= 1) block_children[p].push_back(i);
  }
  // Depth for choosing the shallowest stack (cycle-safe).
  auto depth_of = [&](size_t i) {
    size_t d = 0;
    for (size_t cur = ix.parent[i]; cur != kNoIndex && d <= mods.size(); cur = ix.parent[cur]) ++d;
    return d;
  };

  std::optional<size_t> stack_found;     // a block whose repeated children sum to num_layers
  std::optional<size_t> first_repeated;  // shallowest block with repeated children
  for (size_t p = 0; p < mods.size(); ++p) {
    if (block_children[p].empty()) continue;
    const int64_t pc = mods[p].count;
    std::vector<size_t> variants, repeated;
    for (size_t c : block_children[p]) {
      if (mods[c].count < pc) variants.push_back(c);
      if (mods[c].count > pc) repeated.push_back(c);
    }
    if (!variants.empty() && sum_counts(tree, variants) != pc) {
      out.push_back(error(issue_codes::kLayerSum, where(tree, variants.front(), "count"),
                          "variant blocks of " + quoted(mods[p].name) + " (" + list_counts(tree, variants) + " = " +
                              std::to_string(sum_counts(tree, variants)) + ") do not add up to its count " +
                              std::to_string(pc)));
    }
    for (size_t c : repeated) {
      if (mods[c].count % pc != 0) {
        out.push_back(warning(issue_codes::kCountNotMultiple, where(tree, c, "count"),
                              quoted(mods[c].name) + " has count " + std::to_string(mods[c].count) +
                                  ", not a multiple of its parent " + quoted(mods[p].name) + "'s count " +
                                  std::to_string(pc)));
      }
    }
    if (!repeated.empty()) {
      if (!first_repeated || depth_of(p) < depth_of(*first_repeated)) first_repeated = p;
      const int64_t total = sum_counts(tree, repeated);
      if (num_layers > 1 && num_layers <= INT64_MAX / pc && total == num_layers * pc) stack_found = p;
    }
  }
  if (num_layers <= 1 || stack_found) return;
  if (!first_repeated) {
    if (!mods.empty()) {
      out.push_back(error(issue_codes::kLayerSum, "modules",
                          "no block is repeated inside its parent, so no decoder-layer blocks add up to the " +
                              std::to_string(num_layers) + " layers of the config"));
    }
    return;
  }
  const size_t p = *first_repeated;
  std::vector<size_t> repeated;
  for (size_t c : block_children[p])
    if (mods[c].count > mods[p].count) repeated.push_back(c);
  out.push_back(error(issue_codes::kLayerSum, where(tree, repeated.front(), "count"),
                      "decoder-layer blocks under " + quoted(mods[p].name) + " (" + list_counts(tree, repeated) +
                          " = " + std::to_string(sum_counts(tree, repeated)) + ") do not add up to the " +
                          std::to_string(num_layers) + " layers of the config"));
}

}  // namespace

Issues validate_module_tree(const ModuleTree& tree, int64_t num_layers, const std::vector<NameRegex>* name_patterns,
                            FunctionRef<bool(const std::string&)> is_known_definition) {
  Issues out;
  // Index arithmetic only: every module index comes from index_tree (parents looked up with find), the
  // parent walks stop at kNoIndex or after mods.size() steps, and nothing here converts user text.
  const TreeIndex ix = index_tree(tree);
  check_modules(tree, ix, name_patterns, is_known_definition, out);
  check_roots_and_cycles(tree, ix, out);
  check_counts(tree, ix, num_layers, out);
  return out;
}

}  // namespace hfmi
