// A data-directory template: the first line of the input is the file name under
// templates/ (so names such as ../x.en.txt are tried), the rest its content.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_templates) {
    const std::string_view in = fuzz::as_text(data, size);
    const auto nl = in.find('\n');
    const std::string name(in.substr(0, nl));
    const std::string body(nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1));
    dsocore::DataSources src = fuzz::companions("templates");
    src["templates/" + name] = body;
    fuzz::expect_error_or_value([&] {
        const dsocore::Ledger L = dsocore::Ledger::load_sources(src, fuzz::fuzz_options(true));
        for (const auto& t : L.templates().list) {
            FUZZ_CHECK(t.name.find('/') == std::string::npos && t.name.find("..") == std::string::npos,
                       "template name escapes templates/: " + t.name);
            FUZZ_CHECK(L.templates().find(t.name, t.language) != nullptr, "a loaded template is not found: " + t.path);
        }
    });
}
