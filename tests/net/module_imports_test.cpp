// The reading behind the preload list: a module's static imports in every form JavaScript
// allows (and nothing that only looks like one), a page's module scripts, and the URL an
// import names.
#include <doctest/doctest.h>

#include "net/module_imports.hpp"

using namespace wp::net;
using Specifiers = std::vector<std::string>;

TEST_CASE("module imports: every static form, across lines, in source order") {
    CHECK(module_imports("import { h } from './dom.js';\nimport * as api from \"./api.js\"\n"
                         "import def, { x as y } from './both.js';\nimport './side.js';\n"
                         "import {\n  a,\n  b, // trailing\n} from '../multi.js';\n"
                         "export { c } from './re.js';\nexport * from './star.js';\nexport * as ns from './ns.js';\n"
                         "import data from './d.json' with { type: 'json' };\n") ==
          Specifiers{"./dom.js", "./api.js", "./both.js", "./side.js", "../multi.js", "./re.js", "./star.js", "./ns.js",
                     "./d.json"});
    CHECK(module_imports("import{h}from'./tight.js';export{h}from'./tight2.js'") == Specifiers{"./tight.js", "./tight2.js"});
}

TEST_CASE("module imports: comments, strings, templates, regexes, dynamic import and properties are not imports") {
    CHECK(module_imports("// import x from './c1.js';\n/* import './c2.js'; */\n"
                         "const s = \"import y from './s.js'\";\nconst t = `import ${`'./t.js'`} from './t2.js'`;\n"
                         "const r = /'import z from \"r.js\"'/g;\nconst q = a / b / c; const u = 'ok';\n"
                         "const lazy = import('./lazy.js');\nconst url = import.meta.url;\nobj.import('./p.js');\n"
                         "export const v = 1;\nexport { v as w };\nexport default function f() { return 1; }\n"
                         "import { real } from './real.js';\n") == Specifiers{"./real.js"});
}

TEST_CASE("page module scripts: type=module with src, quoted or not, in order") {
    CHECK(page_module_scripts("<head><script type=\"module\" src=\"/app.js\"></script>\n"
                              "<script src='/classic.js'></script><SCRIPT SRC='/b.js' TYPE='module'></SCRIPT>"
                              "<script type=module src=/c.js></script><script type=\"module\">inline()</script>"
                              "<script data-src=\"/no.js\" type=\"module\"></script>") ==
          Specifiers{"/app.js", "/b.js", "/c.js"});
}

TEST_CASE("module URLs: relative to the importer, dot segments removed, only paths of this origin") {
    CHECK(module_url("/js/views/x.js", "../dom.js") == "/js/dom.js");
    CHECK(module_url("/js/views/x.js", "./y.js") == "/js/views/y.js");
    CHECK(module_url("/app.js", "./js/a.js?v=2") == "/js/a.js?v=2");
    CHECK(module_url("/", "/abs.js") == "/abs.js");
    CHECK(module_url("/wall", "./wall.js") == "/wall.js");
    CHECK(module_url("/a.js", "../../../up.js") == "/up.js");
    for (std::string refused : {"lit", "https://cdn.example/x.js", "//cdn.example/x.js", "./a b.js", "./x.js>; rel=a",
                                "./x,y.js", "./q\".js"}) {
        CAPTURE(refused);
        CHECK_FALSE(module_url("/app.js", refused));
    }
}
