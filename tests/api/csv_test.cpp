// A CSV cell (api::csv_text): RFC 4180 quoting, and text a spreadsheet would run as a formula
// neutralised with a leading '.
#include <doctest/doctest.h>

#include "api/csv.hpp"

using wp::api::csv_text;

TEST_CASE("csv: cells that begin with = + - @ tab or CR get a leading ', others stay as they are") {
    CHECK(csv_text("Ana Ruiz") == "Ana Ruiz");
    CHECK(csv_text("") == "");
    CHECK(csv_text("=1+1") == "'=1+1");
    CHECK(csv_text("+SUM(A1)") == "'+SUM(A1)");
    CHECK(csv_text("-dash") == "'-dash");
    CHECK(csv_text("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_text("\tx") == "'\tx");
    CHECK(csv_text("a=b+c") == "a=b+c");  // only the first character decides
    CHECK(csv_text(" =1") == " =1");
}

TEST_CASE("csv: quoted per RFC 4180 after the prefix") {
    CHECK(csv_text("Smith, Jo") == "\"Smith, Jo\"");
    CHECK(csv_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_text("two\nlines") == "\"two\nlines\"");
    CHECK(csv_text(R"x(=HYPERLINK("http://e","x"))x") == R"x("'=HYPERLINK(""http://e"",""x"")")x");
    CHECK(csv_text("\rx") == "\"'\rx\"");
}
