#pragma once
// What a page's module graph is made of, read from the files themselves: the module scripts an
// HTML page names, the static imports and re-exports of a module, and the URL an import
// specifier names. The server preloads the graph from these (net/static_files), so a module
// added to web/ is preloaded without a list to keep. No Beast: tests and the fuzzer build fast.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wp::net {

// The src of every <script type="module" src="..."> of a page, in order.
std::vector<std::string> page_module_scripts(std::string_view html);

// The specifiers of a module's static imports: `import x from '...'`, `import '...'`,
// `export {...} from '...'`, `export * from '...'`; comments, strings, template literals and
// regular expressions are skipped. Dynamic import('...') is left out: it loads on demand.
std::vector<std::string> module_imports(std::string_view js);

// The URL path `specifier` names from a module or page at `base` ("/js/views/x.js" with
// "../dom.js" -> "/js/dom.js"); nullopt for bare names, other origins, and anything with a
// character that would need escaping in a Link header.
std::optional<std::string> module_url(std::string_view base, std::string_view specifier);

}  // namespace wp::net
