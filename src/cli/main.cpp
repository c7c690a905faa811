// dsocore command line: dispatch and error → exit status mapping.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/risk/roles.hpp"

#ifndef DSOCORE_SAMPLE_DATA_INSTALL_DIR
#define DSOCORE_SAMPLE_DATA_INSTALL_DIR ""
#endif
#ifndef DSOCORE_SAMPLE_DATA_SOURCE_DIR
#define DSOCORE_SAMPLE_DATA_SOURCE_DIR ""
#endif

namespace dsocore::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> r;
    return r;
}
std::map<std::string, std::function<void(const Table&, const std::string&)>>& formats() {
    static std::map<std::string, std::function<void(const Table&, const std::string&)>> f;
    return f;
}
} // namespace

Registrar::Registrar(Command c) { registry().push_back(std::move(c)); }
const std::vector<Command>& commands() { return registry(); }

void register_table_format(const std::string& name, std::function<void(const Table&, const std::string&)> w) {
    formats()[name] = std::move(w);
}

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string key = a.substr(2), value;
            const auto eq = key.find('=');
            if (eq != std::string::npos) {
                value = key.substr(eq + 1);
                key = key.substr(0, eq);
            } else if (flags.count(key)) {
                value = "true";
            } else if (i + 1 < argv.size()) {
                value = argv[++i];
            } else {
                throw UsageError("option --" + key + " needs a value");
            }
            if (opts_.count(key)) throw UsageError("option --" + key + " given twice");
            opts_[key] = value;
        } else {
            positional_.push_back(a);
        }
    }
}

bool Args::has(const std::string& key) const { return opts_.count(key) != 0; }

std::optional<std::string> Args::get(const std::string& key) {
    used_.insert(key);
    auto it = opts_.find(key);
    if (it == opts_.end()) return std::nullopt;
    return it->second;
}

std::string Args::require(const std::string& key) {
    auto v = get(key);
    if (!v || v->empty()) throw UsageError("missing required option --" + key);
    return *v;
}

bool Args::flag(const std::string& key) {
    auto v = get(key);
    return v && *v != "false";
}

Date Args::date(const std::string& key) {
    const std::string v = require(key);
    if (auto d = Date::parse(v)) return *d;
    throw UsageError("--" + key + " '" + v + "': expected a date YYYY-MM-DD");
}

std::optional<Currency> Args::currency(const std::string& key) {
    auto v = get(key);
    if (!v) return std::nullopt;
    if (auto c = Currency::find(*v)) return c;
    throw UsageError("--" + key + " '" + *v + "': expected an ISO 4217 currency code");
}

std::map<std::string, std::string> Args::rest() {
    std::map<std::string, std::string> r;
    for (const auto& [k, v] : opts_)
        if (!used_.count(k)) {
            r[k] = v;
            used_.insert(k);
        }
    return r;
}

void Args::finish() {
    for (const auto& [k, v] : opts_)
        if (!used_.count(k)) throw UsageError("unknown option --" + k);
}

Ledger load_data(Args& args, bool templates) {
    LoadOptions o;
    o.templates = templates;
    return Ledger::load(args.require("data"), o);
}

std::vector<std::uint8_t> role_scope(Args& args, const Ledger& ledger) {
    const auto role = args.get("role");
    const auto user = args.get("user");
    if (!role) {
        if (user) throw UsageError("--user needs --role");
        return {};
    }
    const RoleView view(ledger, parse_role_or_throw(*role), user.value_or(""));
    // Writing to a file is an export; reading on stdout is not.
    if (args.has("output")) view.require(Operation::export_data);
    return view.scope();
}

SearchRequest search_request(Args& args) {
    SearchRequest s;
    s.as_of = args.date("as-of");
    s.where = args.get("where").value_or("");
    s.base = args.currency("base-currency");
    if (const auto r = args.get("role")) s.role = parse_role_or_throw(*r);
    s.user = args.get("user").value_or("");
    if (s.role == Role::collector && s.user.empty()) throw UsageError("a collector's view needs --user");
    return s;
}

std::string sample_data_dir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("DSOCORE_SAMPLE_DATA")) return env;
    std::error_code ec;
    if (fs::is_directory(DSOCORE_SAMPLE_DATA_INSTALL_DIR, ec)) return DSOCORE_SAMPLE_DATA_INSTALL_DIR;
    return DSOCORE_SAMPLE_DATA_SOURCE_DIR;
}

void write_table(Args& args, const Table& t, std::ostream& out) {
    const std::string format = args.get("format").value_or("csv");
    const auto output = args.get("output");
    if (format == "csv" || format == "json") {
        const std::string text = format == "csv" ? to_csv(t) : to_json(t);
        if (output) {
            std::ofstream f(*output, std::ios::binary);
            if (!f || !(f << text)) throw Error(Errc::io, *output + ": cannot write");
        } else {
            out << text;
        }
        return;
    }
    const auto it = formats().find(format);
    if (it == formats().end()) {
        std::string allowed = "csv, json";
        for (const auto& [k, v] : formats()) allowed += ", " + k;
        throw UsageError("--format '" + format + "': expected one of " + allowed);
    }
    if (!output) throw UsageError("--format " + format + " needs --output FILE");
    it->second(t, *output);
}

} // namespace dsocore::cli

int main(int argc, char** argv) {
    using namespace dsocore;
    using namespace dsocore::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    auto usage = [](std::ostream& o) {
        o << "usage: dsocore COMMAND [options]\n\ncommands:\n";
        for (const auto& c : commands()) o << "  " << c.usage << '\n';
        o << "\nexit status: 0 success, 1 bad input (file:line: column …), 2 bad usage\n";
    };
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        usage(args.empty() ? std::cerr : std::cout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "dsocore " << DSOCORE_VERSION_MAJOR << '.' << DSOCORE_VERSION_MINOR << '.'
                  << DSOCORE_VERSION_PATCH << '\n';
        return 0;
    }
    const Command* cmd = nullptr;
    for (const auto& c : commands())
        if (c.name == args[0]) cmd = &c;
    if (!cmd) {
        std::cerr << "dsocore: unknown command '" << args[0] << "'\n";
        usage(std::cerr);
        return 2;
    }
    try {
        Args a(std::vector<std::string>(args.begin() + 1, args.end()), cmd->flags);
        return cmd->run(a, std::cout, std::cerr);
    } catch (const UsageError& e) {
        std::cerr << "dsocore " << cmd->name << ": " << e.what() << "\nusage: " << cmd->usage << '\n';
        return 2;
    } catch (const Error& e) {
        std::cerr << "dsocore " << cmd->name << ": " << e.what() << '\n';
        return e.code() == Errc::invalid_argument ? 2 : 1;
    } catch (const std::exception& e) {
        std::cerr << "dsocore " << cmd->name << ": internal error: " << e.what() << '\n';
        return 1;
    }
}
