// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspaceloader.h"

#include "util/duration.h"
#include "util/shellcommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <new>
#include <sstream>

using namespace Qt::StringLiterals;
using std::chrono::seconds;

namespace rd::config {

namespace {

// Longest value (in UTF-8 bytes) of any one key: names are far shorter, a command fits easily.
constexpr std::size_t MaxScalarBytes = 4096;
// After this many problems the rest is noise: say so and stop.
constexpr qsizetype MaxErrors = 100;
// yaml-cpp shares the node an alias points at, so parsing an "alias bomb" is cheap, but a walk
// that follows every alias would expand it exponentially. A real workspace has a few thousand
// values; the walk gives up after this many instead of following repeated aliases for ever.
constexpr int MaxVisits = 1'000'000;
// yaml-cpp spends about 500 bytes on each node of its tree, so 1 MiB of "[a,a,a,…" would cost
// hundreds of megabytes. Values are counted while streaming first, before any tree is built; a
// real workspace has a few thousand.
constexpr int MaxNodes = 100'000;

using Errors = QList<Error>;

Error configError(SourceLocation location, QString message)
{
    return Error { Error::Domain::Config, std::move(message), std::move(location), 0 };
}

std::unexpected<Errors> failWith(SourceLocation location, QString message)
{
    return std::unexpected(Errors { configError(std::move(location), std::move(message)) });
}

// ---------------------------------------------------------------------------------------------
// Text checks done before the YAML parser sees the bytes.

struct TextProblem
{
    qsizetype offset = -1;
    QString message;
};

// The first byte that is not well-formed UTF-8 (overlong forms, surrogates and code points
// above U+10FFFF included) or is a control character YAML does not allow in a document.
TextProblem checkText(QByteArrayView text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned lead = bytes[i];
        if (lead < 0x80) {
            if ((lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r') || lead == 0x7f) {
                return { i,
                    u"the workspace file contains the control character U+"_s
                        + QString::number(lead, 16).toUpper().rightJustified(4, u'0')
                        + u", which YAML does not allow"_s };
            }
            ++i;
            continue;
        }
        int length = 0;
        char32_t codePoint = 0;
        char32_t smallest = 0;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            codePoint = lead & 0x1f;
            smallest = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            length = 3;
            codePoint = lead & 0x0f;
            smallest = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            codePoint = lead & 0x07;
            smallest = 0x10000;
        }
        bool ok = length > 0 && i + length <= size;
        for (int k = 1; ok && k < length; ++k) {
            const unsigned next = bytes[i + k];
            ok = (next & 0xc0) == 0x80;
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        ok = ok && codePoint >= smallest && codePoint <= 0x10ffff
            && (codePoint < 0xd800 || codePoint > 0xdfff);
        if (!ok) {
            return { i,
                u"the workspace file is not valid UTF-8 (byte 0x%1 at offset %2); save it as UTF-8"_s
                    .arg(uint(lead), 2, 16, QChar(u'0'))
                    .arg(i) };
        }
        i += length;
    }
    return {};
}

// Counts the values of a YAML stream as the parser reports them, building nothing, and stops the
// parse by throwing TooManyNodes once there are more than MaxNodes.
class NodeCounter final : public YAML::EventHandler
{
public:
    struct TooManyNodes
    {
        YAML::Mark mark;
    };

    void OnDocumentStart(const YAML::Mark &) override { }
    void OnDocumentEnd() override { }
    void OnNull(const YAML::Mark &mark, YAML::anchor_t) override { count(mark); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { count(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t, const std::string &) override
    {
        count(mark);
    }
    void OnSequenceStart(
        const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        count(mark);
    }
    void OnSequenceEnd() override { }
    void OnMapStart(
        const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        count(mark);
    }
    void OnMapEnd() override { }

private:
    void count(const YAML::Mark &mark)
    {
        if (++m_nodes > MaxNodes)
            throw TooManyNodes { mark };
    }

    int m_nodes = 0;
};

// ---------------------------------------------------------------------------------------------
// Grammars. Hand-written rather than QRegularExpression: they are small, and these functions
// are trivially safe to call from any thread.

bool isLowerAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9');
}

bool isAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return isLowerAlnum(c) || (u >= 'A' && u <= 'Z');
}

// [a-z0-9][a-z0-9._-]{0,62}: names of artifacts, environments, registries, hosts, repositories.
bool isName(QStringView s)
{
    if (s.isEmpty() || s.size() > 63 || !isLowerAlnum(s.front()))
        return false;
    return std::all_of(
        s.begin(), s.end(), [](QChar c) { return isLowerAlnum(c) || c == u'.' || c == u'_' || c == u'-'; });
}

// The OCI tag grammar: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.
bool isTag(QStringView s)
{
    if (s.isEmpty() || s.size() > 128 || !(isAlnum(s.front()) || s.front() == u'_'))
        return false;
    return std::all_of(
        s.begin(), s.end(), [](QChar c) { return isAlnum(c) || c == u'.' || c == u'_' || c == u'-'; });
}

// One component of an OCI repository name: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool isImageComponent(QStringView s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    auto alnumRun = [&] {
        const qsizetype start = i;
        while (i < n && isLowerAlnum(s[i]))
            ++i;
        return i > start;
    };
    if (!alnumRun())
        return false;
    while (i < n) {
        if (s[i] == u'.') {
            ++i;
        } else if (s[i] == u'_') {
            ++i;
            if (i < n && s[i] == u'_')
                ++i;
        } else if (s[i] == u'-') {
            while (i < n && s[i] == u'-')
                ++i;
        } else {
            return false;
        }
        if (!alnumRun())
            return false;
    }
    return true;
}

// The OCI repository-name grammar: components separated by '/'. At most 255 characters, the
// limit registries put on a full repository name.
bool isImage(QStringView s)
{
    if (s.isEmpty() || s.size() > 255)
        return false;
    for (QStringView component : s.tokenize(u'/')) {
        if (!isImageComponent(component))
            return false;
    }
    return true;
}

// A plausible git branch name, after `git check-ref-format`: no space or control character,
// none of ~^:?*[\, no "..", "//" or "@{", no component starting with '.', no leading '-',
// no trailing '/', '.' or ".lock", not "@".
bool isBranch(QStringView s)
{
    if (s.isEmpty() || s.size() > 255 || s == u"@" || s.startsWith(u'-') || s.startsWith(u'/'))
        return false;
    if (s.endsWith(u'/') || s.endsWith(u'.') || s.endsWith(u".lock"))
        return false;
    if (s.contains(u"..") || s.contains(u"//") || s.contains(u"@{") || s.contains(u"/."))
        return false;
    if (s.startsWith(u'.'))
        return false;
    for (QChar c : s) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f || QStringView(u"~^:?*[\\").contains(c))
            return false;
    }
    for (QStringView component : s.tokenize(u'/')) {
        if (component.endsWith(u".lock"))
            return false;
    }
    return true;
}

// An environment variable name, as `env:VAR` references it.
bool isEnvVar(QStringView s)
{
    if (s.isEmpty() || s.size() > 128 || (s.front().isDigit()))
        return false;
    return std::all_of(s.begin(), s.end(), [](QChar c) { return isAlnum(c) || c == u'_'; });
}

// A keyring entry name, as `keyring:NAME` references it.
bool isKeyringName(QStringView s)
{
    if (s.isEmpty() || s.size() > 256 || !isAlnum(s.front()))
        return false;
    return std::all_of(
        s.begin(), s.end(), [](QChar c) { return isAlnum(c) || QStringView(u"._-@/:+").contains(c); });
}

// env:VAR | keyring:NAME: how a secret is named without being written down.
bool isSecretReference(QStringView s)
{
    if (s.startsWith(u"env:"))
        return isEnvVar(s.mid(4));
    if (s.startsWith(u"keyring:"))
        return isKeyringName(s.mid(8));
    return false;
}

bool looksLikeUrl(QStringView s)
{
    return s.contains(u"://") || s.startsWith(u"http", Qt::CaseInsensitive) || s.startsWith(u"hooks.")
        || s.startsWith(u"api.telegram");
}

// A DNS name or an IP address: what ssh is given to connect to. Never starts with '-', so it
// cannot be mistaken for an option.
bool isAddress(QStringView s)
{
    if (s.isEmpty() || s.size() > 253)
        return false;
    if (QHostAddress address; address.setAddress(s.toString()))
        return true;
    for (QStringView label : s.split(u'.')) {
        if (label.isEmpty() || label.size() > 63 || label.front() == u'-' || label.back() == u'-')
            return false;
        if (!std::all_of(
                label.begin(), label.end(), [](QChar c) { return isAlnum(c) || c == u'-' || c == u'_'; }))
            return false;
    }
    return true;
}

// A login name: POSIX portable user names plus upper case.
bool isUserName(QStringView s)
{
    if (s.isEmpty() || s.size() > 32 || !(isAlnum(s.front()) || s.front() == u'_'))
        return false;
    return std::all_of(
        s.begin(), s.end(), [](QChar c) { return isAlnum(c) || c == u'_' || c == u'.' || c == u'-'; });
}

// A glob over tag names ("v*", "release-[0-9]*").
bool isVersionGlob(QStringView s)
{
    if (s.isEmpty() || s.size() > 128)
        return false;
    return std::all_of(
        s.begin(), s.end(), [](QChar c) { return isAlnum(c) || QStringView(u"._-*?[]!").contains(c); });
}

// A path inside a git repository: relative, no "..", no backslashes.
bool isRepositoryPath(QStringView s)
{
    if (s.isEmpty() || s.startsWith(u'/') || s.contains(u'\\'))
        return false;
    for (QStringView component : s.split(u'/')) {
        if (component == u"..")
            return false;
    }
    return true;
}

// The name grammar in words, for messages.
QString nameRule()
{
    return u"names are 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"_s;
}

// A value as quoted in a message: control characters escaped, long values cut short.
QString shown(QStringView value)
{
    constexpr qsizetype Limit = 60;
    QString out;
    out.reserve(std::min(value.size(), Limit) + 4);
    out += u'\'';
    for (QChar c : value.left(Limit)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"\\x%1"_s.arg(uint(c.unicode()), 2, 16, QChar(u'0'));
        else
            out += c;
    }
    if (value.size() > Limit)
        out += u'…';
    out += u'\'';
    return out;
}

QString kindOf(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return u"text"_s;
    case YAML::NodeType::Sequence:
        return u"a list"_s;
    case YAML::NodeType::Map:
        return u"a map"_s;
    default:
        return u"empty"_s;
    }
}

// Items are counted from 1 in messages, as people count them.
QString oneBased(qsizetype index)
{
    return QString::number(index + 1);
}

QString joined(const QList<QStringView> &keys)
{
    QString out;
    for (QStringView key : keys) {
        if (!out.isEmpty())
            out += u", "_s;
        out += key;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

enum class Need { Optional, Required };
enum class Lines { One, Many };

class Section;

// One pass over one workspace file. Collects errors instead of stopping at the first; the value
// types are filled as it goes and returned only when nothing was wrong.
class Loader
{
public:
    Loader(QByteArray text, QString displayName, QString absoluteFile);

    std::expected<Workspace, Errors> run();

    void error(const YAML::Mark &mark, const QString &message);
    // Counts one value looked at; false (after reporting once) when the budget is spent.
    bool visit(const YAML::Mark &mark);
    bool stopped() const { return m_stopped; }
    SourceLocation at(const YAML::Mark &mark) const;

private:
    SourceLocation locate(qsizetype offset) const;
    void errorAt(SourceLocation location, const QString &message);
    std::expected<Workspace, Errors> finish();

    void walk(const YAML::Node &root);
    void readRegistries(Section &top);
    void readHosts(Section &top);
    void readRepositories(Section &top);
    void readSshLogin(Section &s, QString &identity, QString &passphrase);
    void readArtifacts(Section &top);
    void readEnvironments(Section &top);
    void readEnvironment(const YAML::Node &node, const YAML::Mark &listMark, qsizetype index);
    void readDeploy(Section &env, Environment &environment, QStringView key = u"deploy");
    void readHealth(Section &env, Environment &environment);
    void readVersionProbe(Section &env, Environment &environment);
    void readRetention(Section &item, Artifact &artifact);
    void readBackups(Section &env, Environment &environment);
    std::optional<DeployStep> readHostAction(Section &env, QStringView key);
    void checkPlaceholders(Section &s, QStringView key, const QString &command, const QStringList &allowed);
    void readPolicy(Section &top);
    void readFreeze(Section &policy);
    // A list of environment names under `key` ("promote_from", "environments"), each with the
    // place it was written, for checking once every environment is known.
    QList<std::pair<QString, YAML::Mark>> nameList(Section &section, QStringView key, const QString &what);
    void checkPromoteFrom();
    void readPullRequest(Section &env, Environment &environment);
    void readAlsoTag(Section &env, Environment &environment);
    void checkAlsoTag();
    void readNotifications(Section &top);
    // Reads `key` as the name of a host defined under `hosts`.
    std::optional<QString> hostReference(Section &section, QStringView key);

    QByteArray m_text;
    QString m_displayName;
    QString m_absoluteFile;
    QList<qsizetype> m_lineStarts;
    Errors m_errors;
    bool m_tooMany = false;
    int m_visits = 0;
    bool m_stopped = false;
    Workspace m_workspace;
    // Every name written under registries/hosts/repositories, valid or not, so that a bad
    // definition is reported once and not again at every reference to it.
    QSet<QString> m_registryNames;
    QSet<QString> m_hostNames;
    QSet<QString> m_repositoryNames;
    // Environment name, tag and branch → the environment that has it and its line.
    QHash<QString, std::pair<QString, int>> m_environmentNames;
    QHash<QString, std::pair<QString, int>> m_environmentTags;
    QHash<QString, std::pair<QString, int>> m_environmentBranches;
    // promote_from references: (environment, named source, where), checked after all environments.
    struct PromoteFrom
    {
        QString environment;
        QString source;
        YAML::Mark mark;
    };
    QList<PromoteFrom> m_promoteFrom;
    // also_tag entries: (environment, tag, where), checked against every environment's tag.
    QList<PromoteFrom> m_alsoTags;
};

// One YAML map of the schema: knows how to name itself in messages ("in environment 'qa'"),
// which keys it allows, and reads typed values, reporting every problem to the loader.
class Section
{
public:
    struct Entry
    {
        QString key;
        YAML::Node keyNode;
        YAML::Node value;
    };

    // `subject` names the map for a type error ("key 'policy'", "item 2 of 'environments'");
    // `fallback` locates it when it is empty (yaml-cpp marks an empty value at the next token).
    // An empty `allowed` list means any key is allowed (maps of names).
    Section(Loader &loader, const YAML::Node &node, const YAML::Mark &fallback, const QString &subject,
        QList<QStringView> allowed)
        : m_loader(loader)
        , m_mark(fallback)
        , m_allowed(std::move(allowed))
    {
        if (!m_loader.visit(fallback))
            return;
        if (!node.IsDefined() || node.IsNull()) {
            m_valid = true; // nothing written: an empty map
            return;
        }
        m_mark = node.Mark();
        if (!node.IsMap()) {
            QString message = subject + u" must be a map"_s;
            if (!m_allowed.isEmpty())
                message += u" (keys: "_s + joined(m_allowed) + u')';
            m_loader.error(m_mark, message + u", not "_s + kindOf(node));
            return;
        }
        m_valid = true;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!m_loader.visit(it->first.Mark()))
                break;
            m_raw.append(
                { it->first.IsScalar() ? QString::fromStdString(it->first.Scalar().substr(0, MaxScalarBytes))
                                       : QString(),
                    it->first, it->second });
        }
    }

    bool isValid() const { return m_valid; }
    YAML::Mark mark() const { return m_mark; }
    const QString &where() const { return m_where; }
    void setWhere(QString where) { m_where = std::move(where); }
    const QList<Entry> &entries() const { return m_entries; }
    // Whether checkKeys() refused a key: a "needs one of …" on top of it would say it twice.
    bool refusedKeys() const { return m_refused > 0; }

    // A name given under `name` that is valid, to call this section by; empty otherwise.
    QString peekName() const
    {
        for (const Entry &entry : m_raw) {
            if (entry.key == u"name" && entry.value.IsScalar()) {
                const QString name = QString::fromStdString(entry.value.Scalar().substr(0, 64));
                return isName(name) ? name : QString();
            }
        }
        return {};
    }

    // Reports keys that are not plain text, repeated, or not in the schema; afterwards only the
    // first of each key remains.
    void checkKeys()
    {
        QHash<QString, int> firstLine;
        for (const Entry &entry : std::as_const(m_raw)) {
            if (m_loader.stopped())
                return;
            const YAML::Node &key = entry.keyNode;
            if (!key.IsScalar() || key.Scalar().empty()) {
                const bool empty = !key.IsScalar() && !key.IsSequence() && !key.IsMap();
                m_loader.error(key.IsNull() ? entry.value.Mark() : key.Mark(),
                    u"a key "_s + m_where + u" is "_s + (empty || key.IsScalar() ? u"empty"_s : kindOf(key))
                        + u"; keys must be plain words such as "_s
                        + (m_allowed.isEmpty() ? u"a name"_s : u'\'' + m_allowed.front().toString() + u'\''));
                ++m_refused;
                continue;
            }
            if (key.Scalar().size() > MaxScalarBytes) {
                m_loader.error(key.Mark(),
                    u"a key "_s + m_where
                        + u" is %1 bytes long; at most %2 are allowed"_s.arg(key.Scalar().size())
                              .arg(MaxScalarBytes));
                ++m_refused;
                continue;
            }
            if (entry.key == u"<<") {
                m_loader.error(key.Mark(),
                    u"YAML merge keys ('<<') are not supported "_s + m_where
                        + u"; write the keys out (an alias such as *name may be "_s
                          u"used as a whole value)"_s);
                ++m_refused;
                continue;
            }
            if (!m_allowed.isEmpty() && !m_allowed.contains(QStringView(entry.key))) {
                m_loader.error(key.Mark(),
                    u"unknown key "_s + shown(entry.key) + u' ' + m_where + u" (expected one of: "_s
                        + joined(m_allowed) + u')');
                ++m_refused;
                continue;
            }
            const int line = m_loader.at(key.Mark()).line;
            if (const auto first = firstLine.constFind(entry.key); first != firstLine.cend()) {
                m_loader.error(key.Mark(),
                    u"duplicate key "_s + shown(entry.key) + u' ' + m_where + u" (first given on line "_s
                        + QString::number(*first) + u')');
                ++m_refused;
                continue;
            }
            firstLine.insert(entry.key, line);
            m_entries.append(entry);
        }
    }

    const Entry *find(QStringView key) const
    {
        for (const Entry &entry : m_entries) {
            if (entry.key == key)
                return &entry;
        }
        return nullptr;
    }

    bool has(QStringView key) const
    {
        const Entry *entry = find(key);
        return entry && !entry->value.IsNull();
    }

    // Where to point at a value: the value itself, or its key when it is empty.
    static YAML::Mark valueMark(const Entry &entry)
    {
        return entry.value.IsNull() ? entry.keyNode.Mark() : entry.value.Mark();
    }

    YAML::Mark valueMark(QStringView key) const
    {
        const Entry *entry = find(key);
        return entry ? valueMark(*entry) : m_mark;
    }

    // "key 'url' in registry 'ghcr' " + problem, at the value.
    void fail(const Entry &entry, const QString &problem)
    {
        m_loader.error(valueMark(entry), u"key "_s + shown(entry.key) + u' ' + m_where + u' ' + problem);
    }

    void fail(QStringView key, const QString &problem)
    {
        if (const Entry *entry = find(key))
            fail(*entry, problem);
        else
            m_loader.error(m_mark, u"key "_s + shown(key) + u' ' + m_where + u' ' + problem);
    }

    void missing(QStringView key)
    {
        m_loader.error(m_mark, u"missing required key "_s + shown(key) + u' ' + m_where);
    }

    // Text of a value. `Lines::Many` allows tabs and line breaks (commands); nothing allows
    // other control characters. Values over MaxScalarBytes are refused, naming the key.
    std::optional<QString> text(QStringView key, Need need = Need::Optional, Lines lines = Lines::One)
    {
        const Entry *entry = find(key);
        if (!entry || entry->value.IsNull()) {
            if (need == Need::Required) {
                if (entry)
                    fail(*entry, u"has no value"_s);
                else
                    missing(key);
            }
            return std::nullopt;
        }
        return textOf(*entry, need, lines);
    }

    std::optional<QString> textOf(const Entry &entry, Need need = Need::Optional, Lines lines = Lines::One)
    {
        if (!m_loader.visit(valueMark(entry)))
            return std::nullopt;
        const YAML::Node &value = entry.value;
        if (!value.IsScalar()) {
            fail(entry, u"must be text, not "_s + kindOf(value));
            return std::nullopt;
        }
        const std::string &raw = value.Scalar();
        if (raw.size() > MaxScalarBytes) {
            fail(entry, u"is %1 bytes long; at most %2 are allowed"_s.arg(raw.size()).arg(MaxScalarBytes));
            return std::nullopt;
        }
        QString result = QString::fromStdString(raw);
        if (result.isEmpty() && need == Need::Required) {
            fail(entry, u"is empty"_s);
            return std::nullopt;
        }
        for (QChar c : std::as_const(result)) {
            const char16_t u = c.unicode();
            const bool allowedBreak = lines == Lines::Many && (u == '\n' || u == '\t' || u == '\r');
            if ((u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029) && !allowedBreak) {
                fail(entry,
                    u"contains a control character or line break (U+"_s
                        + QString::number(u, 16).toUpper().rightJustified(4, u'0')
                        + u"), which is not allowed here"_s);
                return std::nullopt;
            }
        }
        return result;
    }

    // A plain (unquoted) scalar: ints and booleans are not text, so "22" or "true" in quotes
    // are refused rather than silently converted.
    std::optional<QString> plainScalar(const Entry &entry, const QString &expected)
    {
        if (!m_loader.visit(valueMark(entry)))
            return std::nullopt;
        const YAML::Node &value = entry.value;
        if (!value.IsScalar()) {
            fail(entry, u"must be "_s + expected + u", not "_s + kindOf(value));
            return std::nullopt;
        }
        const std::string &raw = value.Scalar();
        const QString text = QString::fromStdString(raw.substr(0, 256));
        if (value.Tag() == "!") {
            fail(entry,
                u"must be "_s + expected + u", not the quoted text "_s + shown(text)
                    + u" (write it without quotes)"_s);
            return std::nullopt;
        }
        return text;
    }

    std::optional<bool> boolean(QStringView key)
    {
        const Entry *entry = find(key);
        if (!entry || entry->value.IsNull())
            return std::nullopt;
        const QString expected = u"true or false"_s;
        const std::optional<QString> text = plainScalar(*entry, expected);
        if (!text)
            return std::nullopt;
        if (*text == u"true" || *text == u"True" || *text == u"TRUE")
            return true;
        if (*text == u"false" || *text == u"False" || *text == u"FALSE")
            return false;
        fail(*entry, u"must be "_s + expected + u", not "_s + shown(*text));
        return std::nullopt;
    }

    std::optional<int> integer(QStringView key, int min, int max)
    {
        const Entry *entry = find(key);
        if (!entry || entry->value.IsNull())
            return std::nullopt;
        const QString expected = u"a whole number from %1 to %2"_s.arg(min).arg(max);
        const std::optional<QString> text = plainScalar(*entry, expected);
        if (!text)
            return std::nullopt;
        bool ok = text->size() <= 10 && !text->isEmpty()
            && std::all_of(text->begin(), text->end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        const qlonglong number = ok ? text->toLongLong(&ok) : 0;
        if (!ok || number < min || number > max) {
            fail(*entry, u"must be "_s + expected + u", not "_s + shown(*text));
            return std::nullopt;
        }
        return int(number);
    }

    std::optional<seconds> duration(QStringView key, seconds min)
    {
        const Entry *entry = find(key);
        if (!entry || entry->value.IsNull())
            return std::nullopt;
        const std::optional<QString> text = textOf(*entry);
        if (!text)
            return std::nullopt;
        const std::optional<seconds> value = parseDuration(*text);
        if (!value) {
            fail(*entry, u"must be a duration such as 30s, 5m, 26h or 30d, not "_s + shown(*text));
            return std::nullopt;
        }
        if (*value < min) {
            fail(*entry, u"must be at least %1s, not "_s.arg(min.count()) + shown(*text));
            return std::nullopt;
        }
        return value;
    }

    // A list value: nothing when absent or empty, reported when not a list.
    std::optional<YAML::Node> list(QStringView key, const QString &of)
    {
        const Entry *entry = find(key);
        if (!entry || entry->value.IsNull())
            return std::nullopt;
        if (!entry->value.IsSequence()) {
            fail(*entry, u"must be a list of "_s + of + u", not "_s + kindOf(entry->value));
            return std::nullopt;
        }
        return entry->value;
    }

private:
    Loader &m_loader;
    YAML::Mark m_mark;
    QList<QStringView> m_allowed;
    QString m_where;
    bool m_valid = false;
    int m_refused = 0;
    QList<Entry> m_raw;
    QList<Entry> m_entries;
};

// "in environment 'qa'" → "of environment 'qa'": how the parts of an environment name it.
QString ofSubject(const Section &section)
{
    QString where = section.where();
    if (where.startsWith(u"in "))
        where.replace(0, 2, u"of"_s);
    return where;
}

// ---------------------------------------------------------------------------------------------

Loader::Loader(QByteArray text, QString displayName, QString absoluteFile)
    : m_text(std::move(text))
    , m_displayName(std::move(displayName))
    , m_absoluteFile(std::move(absoluteFile))
{ }

SourceLocation Loader::locate(qsizetype offset) const
{
    const auto next = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
    const qsizetype lineIndex = std::max<qsizetype>(0, (next - m_lineStarts.cbegin()) - 1);
    const qsizetype start = m_lineStarts.isEmpty() ? 0 : m_lineStarts.at(lineIndex);
    // Columns count characters, not bytes (yaml-cpp counts bytes): skip UTF-8 continuation bytes.
    int column = 1;
    for (qsizetype i = start; i < offset && i < m_text.size(); ++i) {
        if ((static_cast<unsigned char>(m_text.at(i)) & 0xc0) != 0x80)
            ++column;
    }
    return SourceLocation { m_displayName, int(lineIndex + 1), column };
}

SourceLocation Loader::at(const YAML::Mark &mark) const
{
    // Mark::pos is a byte offset into the text we gave the parser, so it maps back exactly.
    if (mark.pos >= 0 && mark.pos <= m_text.size())
        return locate(mark.pos);
    if (mark.line >= 0)
        return SourceLocation { m_displayName, mark.line + 1, mark.column + 1 };
    return SourceLocation { m_displayName, 0, 0 };
}

void Loader::errorAt(SourceLocation location, const QString &message)
{
    if (m_tooMany)
        return;
    if (m_errors.size() >= MaxErrors) {
        m_tooMany = true;
        m_stopped = true;
        return;
    }
    m_errors.append(configError(std::move(location), message));
}

void Loader::error(const YAML::Mark &mark, const QString &message)
{
    errorAt(at(mark), message);
}

bool Loader::visit(const YAML::Mark &mark)
{
    if (m_stopped)
        return false;
    if (++m_visits > MaxVisits) {
        error(mark,
            u"the workspace file expands to more than %1 values (YAML aliases that repeat each other?); "
            u"refusing to read further"_s.arg(MaxVisits));
        m_stopped = true;
        return false;
    }
    return true;
}

std::expected<Workspace, Errors> Loader::run()
{
    const SourceLocation fileOnly { m_displayName, 0, 0 };
    if (m_text.size() > MaxWorkspaceFileSize) {
        return failWith(fileOnly,
            u"the workspace file is %1 bytes long; files larger than %2 bytes (1 MiB) are "
            u"refused"_s.arg(m_text.size())
                .arg(MaxWorkspaceFileSize));
    }
    // A byte-order mark is allowed and invisible: columns on the first line do not count it.
    if (m_text.startsWith("\xef\xbb\xbf"))
        m_text.remove(0, 3);

    m_lineStarts.append(0);
    for (qsizetype i = 0; i < m_text.size(); ++i) {
        if (m_text.at(i) == '\n')
            m_lineStarts.append(i + 1);
    }

    if (const TextProblem problem = checkText(m_text); problem.offset >= 0)
        return failWith(locate(problem.offset), problem.message);

    std::vector<YAML::Node> documents;
    try {
        const std::string text(m_text.constData(), std::size_t(m_text.size()));
        {
            std::istringstream stream(text);
            YAML::Parser parser(stream);
            NodeCounter counter;
            while (parser.HandleNextDocument(counter)) { }
        }
        documents = YAML::LoadAll(text);
    } catch (const NodeCounter::TooManyNodes &e) {
        return failWith(
            at(e.mark), u"the workspace file holds more than %1 values; refusing to read it"_s.arg(MaxNodes));
    } catch (const YAML::DeepRecursion &e) {
        return failWith(
            at(e.mark), u"lists and maps are nested too deeply (more than %1 levels)"_s.arg(e.depth() - 1));
    } catch (const YAML::Exception &e) {
        return failWith(at(e.mark), u"YAML syntax error: "_s + QString::fromStdString(e.msg));
    } catch (const std::bad_alloc &) {
        return failWith(fileOnly, u"out of memory while reading the workspace file"_s);
    } catch (const std::exception &e) {
        return failWith(fileOnly, u"cannot read the workspace file: "_s + QString::fromUtf8(e.what()));
    } catch (...) {
        return failWith(fileOnly, u"cannot read the workspace file"_s);
    }

    try {
        // A trailing "---" makes an empty second document; that is harmless.
        for (std::size_t i = 1; i < documents.size(); ++i) {
            if (!documents[i].IsNull()) {
                error(documents[i].Mark(),
                    u"a second YAML document starts here; a workspace file holds exactly one"_s);
                break;
            }
        }
        if (documents.empty() || documents.front().IsNull()) {
            return failWith(SourceLocation { m_displayName, 1, 1 },
                u"the workspace file is empty; it needs at least the keys 'version' and 'environments'"_s);
        }
        walk(documents.front());
    } catch (const YAML::Exception &e) {
        // The walk only uses calls that do not throw on valid nodes; this is a safety net.
        error(e.mark, u"cannot read the workspace file: "_s + QString::fromStdString(e.msg));
    } catch (const std::bad_alloc &) {
        errorAt(fileOnly, u"out of memory while reading the workspace file"_s);
    } catch (const std::exception &e) {
        errorAt(fileOnly, u"cannot read the workspace file: "_s + QString::fromUtf8(e.what()));
    } catch (...) {
        errorAt(fileOnly, u"cannot read the workspace file"_s);
    }
    return finish();
}

std::expected<Workspace, Errors> Loader::finish()
{
    if (m_errors.isEmpty())
        return std::move(m_workspace);
    // Errors are found section by section; people read them top to bottom.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const Error &a, const Error &b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    if (m_tooMany) {
        m_errors.append(configError(SourceLocation { m_displayName, 0, 0 },
            u"too many problems; only the first %1 are shown"_s.arg(MaxErrors)));
    }
    return std::unexpected(std::move(m_errors));
}

void Loader::walk(const YAML::Node &root)
{
    static const QList<QStringView> topKeys { u"version", u"name", u"registries", u"hosts", u"repositories",
        u"artifacts", u"environments", u"policy", u"notifications" };
    Section top(*this, root, root.Mark(), u"the top level of the workspace file"_s, topKeys);
    top.setWhere(u"at the top level"_s);
    if (!top.isValid())
        return;

    m_workspace.file = m_absoluteFile;

    // The version decides what the other keys mean: a newer file is not checked as version 1
    // (that would bury the one useful sentence under errors about keys this version lacks).
    top.checkKeys();
    if (const Section::Entry *entry = top.find(u"version"); !entry) {
        top.missing(u"version");
    } else if (entry->value.IsNull()) {
        top.fail(*entry, u"has no value (write 'version: 1')"_s);
    } else if (const std::optional<QString> version = top.plainScalar(*entry, u"1"_s);
               version && *version != u"1") {
        bool isNumber = false;
        version->toInt(&isNumber);
        if (isNumber) {
            m_errors.clear();
            m_tooMany = false;
            m_stopped = false;
            error(Section::valueMark(*entry),
                u"key 'version' is "_s + shown(*version)
                    + u", but this ReleaseDeck reads only version 1 workspace files"_s);
            return;
        }
        top.fail(*entry, u"must be 1, not "_s + shown(*version));
    }

    if (const std::optional<QString> name = top.text(u"name")) {
        if (name->size() > 200)
            top.fail(u"name", u"is longer than 200 characters"_s);
        m_workspace.name = *name;
    }
    if (m_workspace.name.isEmpty())
        m_workspace.name = QFileInfo(m_absoluteFile).dir().dirName();

    readRegistries(top);
    readHosts(top);
    readRepositories(top);
    readArtifacts(top);
    readEnvironments(top);
    checkPromoteFrom();
    checkAlsoTag();
    readPolicy(top);
    readNotifications(top);
}

void Loader::readRegistries(Section &top)
{
    const Section::Entry *entry = top.find(u"registries");
    if (!entry)
        return;
    Section registries(*this, entry->value, entry->keyNode.Mark(), u"key 'registries'"_s, {});
    registries.setWhere(u"in 'registries'"_s);
    registries.checkKeys();
    for (const Section::Entry &item : registries.entries()) {
        if (stopped())
            return;
        m_registryNames.insert(item.key);
        if (!isName(item.key)) {
            error(item.keyNode.Mark(),
                u"registry name "_s + shown(item.key) + u" under 'registries' is not valid: "_s + nameRule());
        }
        static const QList<QStringView> keys { u"url", u"credentials", u"insecure", u"ca" };
        Section s(*this, item.value, item.keyNode.Mark(), u"registry "_s + shown(item.key), keys);
        s.setWhere(u"in registry "_s + shown(item.key));
        if (!s.isValid())
            continue;
        s.checkKeys();
        Registry registry;
        registry.name = item.key;
        registry.location = at(item.keyNode.Mark());
        if (const std::optional<bool> insecure = s.boolean(u"insecure"))
            registry.insecure = *insecure;
        registry.ca = s.text(u"ca").value_or(QString());
        if (const std::optional<QString> credentials = s.text(u"credentials")) {
            // The value is not repeated in the message: someone may have typed a password here.
            if (*credentials == u"none" || *credentials == u"docker-config"
                || isSecretReference(*credentials))
                registry.credentials = *credentials;
            else
                s.fail(u"credentials",
                    u"must be none, docker-config, env:VAR or keyring:NAME (secrets are "_s
                    u"referenced, never written into the workspace file)"_s);
        }
        if (const std::optional<QString> url = s.text(u"url", Need::Required)) {
            registry.url = *url;
            if (registry.isOciLayout()) {
                if (registry.ociLayoutDir().isEmpty())
                    s.fail(u"url",
                        u"names no directory: write oci-layout:DIR, DIR relative to the workspace file"_s);
                if (s.has(u"insecure"))
                    s.fail(u"insecure",
                        u"applies only to http:// registries, not to an oci-layout: directory"_s);
                if (s.has(u"ca"))
                    s.fail(u"ca", u"applies only to https:// registries, not to an oci-layout: directory"_s);
                if (s.has(u"credentials") && registry.credentials != u"none")
                    s.fail(u"credentials",
                        u"does not apply to an oci-layout: directory (it is read from disk)"_s);
            } else {
                const QUrl parsed(*url, QUrl::StrictMode);
                const QString scheme = parsed.scheme();
                if (!parsed.isValid() || (scheme != u"https" && scheme != u"http")
                    || parsed.host().isEmpty()) {
                    s.fail(u"url", u"must be https://HOST[:PORT], http://HOST[:PORT] or oci-layout:DIR"_s);
                } else if (!parsed.userInfo().isEmpty()) {
                    s.fail(u"url",
                        u"must not contain a user name or password: secrets are referenced with "_s
                        u"'credentials' (env:VAR, keyring:NAME, docker-config), never written into the "_s
                        u"workspace file"_s);
                } else if ((!parsed.path().isEmpty() && parsed.path() != u"/") || parsed.hasQuery()
                    || parsed.hasFragment()) {
                    s.fail(u"url",
                        u"must be only scheme://HOST[:PORT]; the repository path belongs in each "_s
                        u"artifact's 'image'"_s);
                } else if (scheme == u"http") {
                    const QString host = parsed.host();
                    const bool loopback = host == u"localhost" || QHostAddress(host).isLoopback();
                    if (!registry.insecure && !loopback) {
                        s.fail(u"url",
                            u"uses plain http:// to a host that is not loopback; use https://, or set "_s
                            u"'insecure: true' if you accept that traffic and credentials travel "_s
                            u"unencrypted"_s);
                    }
                } else if (registry.insecure) {
                    s.fail(u"insecure",
                        u"applies only to http:// registries; TLS certificates of https:// "_s
                        u"registries are always verified"_s);
                }
                if (!registry.ca.isEmpty() && scheme != u"https")
                    s.fail(u"ca", u"applies only to https:// registries"_s);
            }
        }
        m_workspace.registries.append(registry);
    }
}

void Loader::readHosts(Section &top)
{
    const Section::Entry *entry = top.find(u"hosts");
    if (!entry)
        return;
    Section hosts(*this, entry->value, entry->keyNode.Mark(), u"key 'hosts'"_s, {});
    hosts.setWhere(u"in 'hosts'"_s);
    hosts.checkKeys();
    for (const Section::Entry &item : hosts.entries()) {
        if (stopped())
            return;
        m_hostNames.insert(item.key);
        if (!isName(item.key)) {
            error(item.keyNode.Mark(),
                u"host name "_s + shown(item.key) + u" under 'hosts' is not valid: "_s + nameRule());
        }
        static const QList<QStringView> keys { u"local", u"address", u"port", u"user", u"identity", u"passphrase",
            u"known_hosts" };
        Section s(*this, item.value, item.keyNode.Mark(), u"host "_s + shown(item.key), keys);
        s.setWhere(u"in host "_s + shown(item.key));
        if (!s.isValid())
            continue;
        s.checkKeys();
        Host host;
        host.name = item.key;
        host.location = at(item.keyNode.Mark());
        const std::optional<bool> local = s.boolean(u"local");
        if (s.has(u"local") && !local) {
            // Reported already; which keys the host then needs is anybody's guess.
            m_workspace.hosts.append(host);
            continue;
        }
        host.local = local.value_or(false);
        if (host.local) {
            for (QStringView key : { u"address", u"port", u"user", u"identity", u"passphrase", u"known_hosts" }) {
                if (s.find(key))
                    s.fail(key,
                        u"does not apply to a host with 'local: true' (it runs commands on this machine)"_s);
            }
        } else {
            if (const std::optional<QString> address = s.text(u"address", Need::Required)) {
                if (isAddress(*address))
                    host.address = *address;
                else
                    s.fail(u"address", u"must be a host name or an IP address, not "_s + shown(*address));
            }
            if (const std::optional<int> port = s.integer(u"port", 1, 65535)) {
                host.port = *port;
                host.portSet = true;
            }
            if (const std::optional<QString> user = s.text(u"user", Need::Required)) {
                if (isUserName(*user))
                    host.user = *user;
                else
                    s.fail(u"user",
                        u"must be a login name (letters, digits, '_', '.', '-'; not starting with "_s
                        u"'-' or '.'), not "_s
                            + shown(*user));
            }
            readSshLogin(s, host.identity, host.passphrase);
            if (const std::optional<QString> knownHosts = s.text(u"known_hosts")) {
                if (!knownHosts->isEmpty())
                    host.knownHosts = *knownHosts;
                else
                    s.fail(u"known_hosts", u"must be the path of a known_hosts file"_s);
            }
        }
        m_workspace.hosts.append(host);
    }
}

void Loader::readRepositories(Section &top)
{
    const Section::Entry *entry = top.find(u"repositories");
    if (!entry)
        return;
    Section repositories(*this, entry->value, entry->keyNode.Mark(), u"key 'repositories'"_s, {});
    repositories.setWhere(u"in 'repositories'"_s);
    repositories.checkKeys();
    for (const Section::Entry &item : repositories.entries()) {
        if (stopped())
            return;
        m_repositoryNames.insert(item.key);
        if (!isName(item.key)) {
            error(item.keyNode.Mark(),
                u"repository name "_s + shown(item.key) + u" under 'repositories' is not valid: "_s
                    + nameRule());
        }
        static const QList<QStringView> keys { u"url", u"identity", u"passphrase" };
        Section s(*this, item.value, item.keyNode.Mark(), u"repository "_s + shown(item.key), keys);
        s.setWhere(u"in repository "_s + shown(item.key));
        if (!s.isValid())
            continue;
        s.checkKeys();
        Repository repository;
        repository.name = item.key;
        repository.location = at(item.keyNode.Mark());
        if (const std::optional<QString> url = s.text(u"url", Need::Required)) {
            const qsizetype helper = url->indexOf(u"::");
            const qsizetype schemeEnd = url->indexOf(u"://");
            const QUrl parsed(*url);
            if (url->startsWith(u'-')) {
                // git would read it as an option
                s.fail(u"url", u"must not start with '-'"_s);
            } else if (helper > 0 && (schemeEnd < 0 || helper < schemeEnd)) {
                // "ext::sh -c …" and friends run programs; a workspace file never needs them
                s.fail(u"url", u"uses a git remote helper (TRANSPORT::ADDRESS), which is not allowed"_s);
            } else if (schemeEnd > 0
                && (!parsed.password().isEmpty()
                    || (parsed.scheme().startsWith(u"http") && !parsed.userName().isEmpty()))) {
                // A token in the URL is a secret written down; git credentials belong elsewhere.
                s.fail(u"url",
                    u"must not contain a user name, token or password: secrets are never written into "_s
                    u"the workspace file (use an SSH key or a git credential helper)"_s);
            } else {
                repository.url = *url;
            }
        }
        readSshLogin(s, repository.identity, repository.passphrase);
        m_workspace.repositories.append(repository);
    }
}

// `identity` and `passphrase`: how an SSH login proves itself, for a host and for a repository
// reached over SSH alike.
void Loader::readSshLogin(Section &s, QString &identity, QString &passphrase)
{
    if (const std::optional<QString> value = s.text(u"identity")) {
        if (*value == u"agent" || (value->startsWith(u"file:") && value->size() > 5))
            identity = *value;
        else
            s.fail(u"identity", u"must be agent (the ssh-agent) or file:PATH (a private key file)"_s);
    }
    if (const std::optional<QString> value = s.text(u"passphrase")) {
        if (isSecretReference(*value))
            passphrase = *value;
        else
            s.fail(u"passphrase",
                u"must be env:VAR or keyring:NAME (an environment variable or a desktop keyring entry "_s
                u"holding the key's passphrase)"_s);
    }
}

void Loader::readArtifacts(Section &top)
{
    const std::optional<YAML::Node> list = top.list(u"artifacts", u"artifacts"_s);
    if (!list)
        return;
    QHash<QString, int> seen;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        static const QList<QStringView> keys { u"name", u"registry", u"image", u"repository", u"path",
            u"versions", u"retention" };
        Section s(*this, *it, list->Mark(), u"item "_s + oneBased(index) + u" of 'artifacts'"_s, keys);
        const QString name = s.peekName();
        s.setWhere(name.isEmpty() ? u"in artifact #"_s + oneBased(index) : u"in artifact "_s + shown(name));
        if (!s.isValid())
            continue;
        s.checkKeys();
        Artifact artifact;
        artifact.location = at(s.mark());
        if (const std::optional<QString> value = s.text(u"name", Need::Required)) {
            if (!isName(*value)) {
                s.fail(u"name", u"is not a valid name ("_s + nameRule() + u"): "_s + shown(*value));
            } else if (const auto first = seen.constFind(*value); first != seen.cend()) {
                s.fail(u"name",
                    u"repeats "_s + shown(*value) + u", already the name of the artifact on line "_s
                        + QString::number(*first));
            } else {
                seen.insert(*value, at(s.valueMark(u"name")).line);
            }
            artifact.name = *value;
        }
        if (const std::optional<QString> value = s.text(u"registry", Need::Required)) {
            if (!m_registryNames.contains(*value))
                s.fail(u"registry",
                    u"names "_s + shown(*value)
                        + u", but no registry of that name is defined under "_s
                          u"'registries'"_s);
            artifact.registry = *value;
        }
        if (const std::optional<QString> value = s.text(u"image", Need::Required)) {
            if (!isImage(*value))
                s.fail(u"image",
                    u"is not a valid OCI repository name (lower-case components such as "_s
                    u"org/hockey-api, separated by '/'): "_s
                        + shown(*value));
            artifact.image = *value;
        }
        if (const std::optional<QString> value = s.text(u"repository")) {
            if (!m_repositoryNames.contains(*value))
                s.fail(u"repository",
                    u"names "_s + shown(*value)
                        + u", but no repository of that name is defined under 'repositories'"_s);
            artifact.repository = *value;
        }
        if (const std::optional<QString> value = s.text(u"path")) {
            if (!isRepositoryPath(*value))
                s.fail(u"path",
                    u"must be a relative path inside the repository (no leading '/', no '..'), not "_s
                        + shown(*value));
            else if (!s.has(u"repository"))
                s.fail(u"path", u"needs the key 'repository': it scopes diffs inside that repository"_s);
            artifact.path = *value;
        }
        if (const std::optional<QString> value = s.text(u"versions")) {
            if (!isVersionGlob(*value))
                s.fail(u"versions",
                    u"must be a glob over tag names such as 'v*' (tag characters and * ? [ ] !), not "_s
                        + shown(*value));
            artifact.versions = *value;
        }
        readRetention(s, artifact);
        m_workspace.artifacts.append(artifact);
    }
}

void Loader::readEnvironments(Section &top)
{
    const Section::Entry *entry = top.find(u"environments");
    if (!entry || entry->value.IsNull()) {
        if (entry)
            top.fail(*entry, u"needs at least one environment"_s);
        else
            top.missing(u"environments");
        return;
    }
    const std::optional<YAML::Node> list = top.list(u"environments", u"environments in promotion order"_s);
    if (!list)
        return;
    if (list->size() == 0)
        top.fail(*entry, u"needs at least one environment"_s);
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        readEnvironment(*it, list->Mark(), index);
    }
}

void Loader::readEnvironment(const YAML::Node &node, const YAML::Mark &listMark, qsizetype index)
{
    static const QList<QStringView> keys { u"name", u"tag", u"branch", u"protected", u"deploy", u"health",
        u"version_probe", u"backups", u"restart", u"logs", u"status", u"rollback", u"verify_timeout", u"git_tag",
        u"merge", u"promote_from", u"pull_request", u"also_tag" };
    Section s(*this, node, listMark, u"item "_s + oneBased(index) + u" of 'environments'"_s, keys);
    const QString peeked = s.peekName();
    s.setWhere(
        peeked.isEmpty() ? u"in environment #"_s + oneBased(index) : u"in environment "_s + shown(peeked));
    if (!s.isValid())
        return;
    s.checkKeys();
    Environment environment;
    environment.location = at(s.mark());
    // Two environments with one name, tag or branch would be one environment shown twice.
    auto unique = [&](QHash<QString, std::pair<QString, int>> &seen, QStringView key, const QString &value,
                      const QString &what) {
        if (value.isEmpty() || environment.name.isEmpty())
            return true;
        if (const auto first = seen.constFind(value); first != seen.cend()) {
            s.fail(key,
                u"repeats "_s + what + u' ' + shown(value) + u", already used by environment "_s
                    + shown(first->first) + u" (line "_s + QString::number(first->second) + u')');
            return false;
        }
        seen.insert(value, { environment.name, at(s.valueMark(key)).line });
        return true;
    };
    bool nameIsNew = false;
    if (const std::optional<QString> name = s.text(u"name", Need::Required)) {
        if (!isName(*name)) {
            s.fail(u"name", u"is not a valid name ("_s + nameRule() + u"): "_s + shown(*name));
        } else {
            environment.name = *name;
            nameIsNew = unique(m_environmentNames, u"name", *name, u"the name"_s);
        }
    }
    environment.tag = environment.name;
    if (const std::optional<QString> tag = s.text(u"tag")) {
        if (!isTag(*tag))
            s.fail(u"tag", u"is not a valid OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}): "_s + shown(*tag));
        else
            environment.tag = *tag;
    }
    // The default tag (the name) counts too; a clash is then reported at the name.
    if (s.find(u"tag") || nameIsNew)
        unique(m_environmentTags, s.find(u"tag") ? u"tag" : u"name", environment.tag, u"the tag"_s);
    if (const std::optional<QString> branch = s.text(u"branch")) {
        if (!isBranch(*branch))
            s.fail(u"branch",
                u"is not a valid git branch name (no spaces, '..', ~ ^ : ? * [ \\, no leading '-', "_s
                u"no trailing '/' or '.lock'): "_s
                    + shown(*branch));
        else if (unique(m_environmentBranches, u"branch", *branch, u"the branch"_s))
            environment.branch = *branch;
    }
    environment.isProtected = s.boolean(u"protected").value_or(false);
    readDeploy(s, environment);
    readHealth(s, environment);
    readVersionProbe(s, environment);
    readBackups(s, environment);
    environment.restart = readHostAction(s, u"restart");
    environment.logs = readHostAction(s, u"logs");
    environment.status = readHostAction(s, u"status");
    readDeploy(s, environment, u"rollback");
    if (const std::optional<seconds> timeout = s.duration(u"verify_timeout", seconds(1)))
        environment.verifyTimeout = *timeout;
    if (const std::optional<QString> format = s.text(u"git_tag")) {
        // Only the placeholders a tag can take; the expanded name is checked again at plan time.
        QString probe = *format;
        probe.replace(u"{env}"_s, u"e"_s).replace(u"{version}"_s, u"v"_s).replace(u"{artifact}"_s, u"a"_s);
        if (!format->isEmpty() && !isBranch(probe))
            s.fail(u"git_tag", u"does not make a valid git tag name (placeholders: {env} {version} {artifact}): "_s + shown(*format));
        else
            environment.gitTag = *format;
    }
    environment.merge = s.boolean(u"merge").value_or(false);
    for (const auto &[source, mark] : nameList(s, u"promote_from", u"environment names"_s)) {
        environment.promoteFrom.append(source);
        if (!environment.name.isEmpty())
            m_promoteFrom.append({ environment.name, source, mark });
    }
    readPullRequest(s, environment);
    readAlsoTag(s, environment);
    m_workspace.environments.append(environment);
}

std::optional<QString> Loader::hostReference(Section &section, QStringView key)
{
    const std::optional<QString> name = section.text(key, Need::Required);
    if (!name)
        return std::nullopt;
    if (!m_hostNames.contains(*name)) {
        section.fail(
            key, u"names "_s + shown(*name) + u", but no host of that name is defined under 'hosts'"_s);
        return std::nullopt;
    }
    return name;
}

void Loader::readDeploy(Section &env, Environment &environment, QStringView key)
{
    const std::optional<YAML::Node> list = env.list(key, u"steps ({ssh: …} or {local: …})"_s);
    if (!list)
        return;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        const QString step = key.toString() + u" step "_s + oneBased(index) + u' ' + ofSubject(env);
        static const QList<QStringView> kinds { u"ssh", u"local" };
        Section s(
            *this, *it, list->Mark(), u"item "_s + oneBased(index) + u" of '"_s + key + u"' "_s + env.where(), kinds);
        s.setWhere(u"in "_s + step);
        if (!s.isValid())
            continue;
        s.checkKeys();
        if (s.entries().isEmpty()) {
            if (!s.refusedKeys())
                error(s.mark(), step + u" needs one of the keys 'ssh' or 'local'"_s);
            continue;
        }
        if (s.entries().size() > 1) {
            s.fail(s.entries().at(1),
                u"cannot be combined with "_s + shown(s.entries().front().key)
                    + u": give each deploy step its own list item"_s);
            continue;
        }
        const Section::Entry &kind = s.entries().front();
        DeployStep deploy;
        deploy.location = at(s.mark());
        if (kind.key == u"ssh") {
            static const QList<QStringView> keys { u"host", u"command" };
            Section inner(*this, kind.value, kind.keyNode.Mark(), u"key 'ssh' "_s + s.where(), keys);
            inner.setWhere(u"in 'ssh' of "_s + step);
            if (!inner.isValid())
                continue;
            inner.checkKeys();
            deploy.kind = DeployStep::Kind::Ssh;
            deploy.host = hostReference(inner, u"host").value_or(QString());
            deploy.command = inner.text(u"command", Need::Required, Lines::Many).value_or(QString());
        } else {
            static const QList<QStringView> keys { u"command" };
            Section inner(*this, kind.value, kind.keyNode.Mark(), u"key 'local' "_s + s.where(), keys);
            inner.setWhere(u"in 'local' of "_s + step);
            if (!inner.isValid())
                continue;
            inner.checkKeys();
            deploy.kind = DeployStep::Kind::Local;
            deploy.command = inner.text(u"command", Need::Required, Lines::Many).value_or(QString());
        }
        (key == u"rollback" ? environment.rollback : environment.deploy).append(deploy);
    }
}

void Loader::readHealth(Section &env, Environment &environment)
{
    const std::optional<YAML::Node> list = env.list(u"health", u"checks"_s);
    if (!list)
        return;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        const QString check = u"health check "_s + oneBased(index) + u' ' + ofSubject(env);
        static const QList<QStringView> keys { u"name", u"http", u"expect", u"interval", u"timeout",
            u"command", u"host", u"failure_threshold", u"body", u"json", u"equals", u"ca" };
        Section s(
            *this, *it, list->Mark(), u"item "_s + oneBased(index) + u" of 'health' "_s + env.where(), keys);
        s.setWhere(u"in "_s + check);
        if (!s.isValid())
            continue;
        s.checkKeys();
        HealthCheck health;
        health.location = at(s.mark());
        const bool http = s.find(u"http");
        const bool command = s.find(u"command");
        if (http && command) {
            s.fail(u"command",
                u"cannot be combined with 'http' in one check: give each check its own list item"_s);
        } else if (!http && !command) {
            if (!s.refusedKeys())
                error(s.mark(),
                    check + u" needs the key 'http' (a URL) or the key 'command' (run on a host)"_s);
        } else if (http) {
            if (const std::optional<QString> url = s.text(u"http", Need::Required)) {
                const QUrl parsed(*url, QUrl::StrictMode);
                if (!parsed.isValid() || (parsed.scheme() != u"http" && parsed.scheme() != u"https")
                    || parsed.host().isEmpty())
                    s.fail(u"http", u"must be an http:// or https:// URL"_s);
                else if (!parsed.userInfo().isEmpty())
                    s.fail(u"http",
                        u"must not contain a user name or password: secrets are never written into the "_s
                        u"workspace file"_s);
                health.http = *url;
            }
            if (const std::optional<int> expect = s.integer(u"expect", 100, 599))
                health.expect = *expect;
            if (s.find(u"host"))
                s.fail(u"host", u"applies only to command checks, not to http checks"_s);
            health.body = s.text(u"body").value_or(QString());
            health.json = s.text(u"json").value_or(QString());
            health.equals = s.text(u"equals").value_or(QString());
            if (s.find(u"json") && !s.find(u"equals"))
                s.fail(u"json", u"needs 'equals': the text the field must hold"_s);
            else if (s.find(u"equals") && !s.find(u"json"))
                s.fail(u"equals", u"needs 'json': the field of the answer to compare"_s);
            health.ca = s.text(u"ca").value_or(QString());
            if (!health.ca.isEmpty() && !health.http.startsWith(u"https:"))
                s.fail(u"ca", u"applies only to https:// URLs"_s);
        } else {
            health.command.command = s.text(u"command", Need::Required, Lines::Many).value_or(QString());
            health.command.host = hostReference(s, u"host").value_or(QString());
            if (s.find(u"expect"))
                s.fail(u"expect",
                    u"applies only to http checks (a command check passes when it exits with 0)"_s);
            for (const QStringView key : { QStringView(u"body"), QStringView(u"json"), QStringView(u"equals"),
                     QStringView(u"ca") }) {
                if (s.find(key))
                    s.fail(key, u"applies only to http checks, not to command checks"_s);
            }
        }
        if (const std::optional<int> threshold = s.integer(u"failure_threshold", 1, 100))
            health.failureThreshold = *threshold;
        if (const std::optional<seconds> interval = s.duration(u"interval", seconds(1)))
            health.interval = *interval;
        // A check must end before the next one starts; the default timeout shrinks to fit.
        health.timeout = std::min(health.timeout, health.interval);
        if (const std::optional<seconds> timeout = s.duration(u"timeout", seconds(1))) {
            health.timeout = *timeout;
            if (*timeout > health.interval) {
                s.fail(u"timeout",
                    u"(%1s) is longer than the interval between checks (%2s)"_s.arg(timeout->count())
                        .arg(health.interval.count()));
            }
        }
        if (const std::optional<QString> name = s.text(u"name")) {
            if (name->size() > 200)
                s.fail(u"name", u"is longer than 200 characters"_s);
            health.name = *name;
        }
        if (health.name.isEmpty())
            health.name = health.isHttp() ? health.http : health.command.command;
        environment.health.append(health);
    }
}

void Loader::readRetention(Section &item, Artifact &artifact)
{
    const Section::Entry *entry = item.find(u"retention");
    if (!entry || entry->value.IsNull())
        return;
    static const QList<QStringView> keys { u"keep", u"keep_days" };
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key 'retention' "_s + item.where(), keys);
    s.setWhere(u"in 'retention' "_s + item.where());
    if (!s.isValid())
        return;
    s.checkKeys();
    Retention retention;
    retention.location = at(s.mark());
    if (const std::optional<int> keep = s.integer(u"keep", 1, 100000))
        retention.keep = *keep;
    if (const std::optional<int> days = s.integer(u"keep_days", 0, 36500))
        retention.keepDays = *days;
    artifact.retention = retention;
}

void Loader::readVersionProbe(Section &env, Environment &environment)
{
    const Section::Entry *entry = env.find(u"version_probe");
    if (!entry || entry->value.IsNull())
        return;
    static const QList<QStringView> keys { u"http", u"json", u"command", u"host" };
    const QString where = u"in 'version_probe' "_s + ofSubject(env);
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key 'version_probe' "_s + env.where(), keys);
    s.setWhere(where);
    if (!s.isValid())
        return;
    s.checkKeys();
    VersionProbe probe;
    probe.location = at(s.mark());
    const bool http = s.find(u"http");
    const bool command = s.find(u"command");
    if (http && command) {
        s.fail(u"command", u"cannot be combined with 'http': a version probe is one or the other"_s);
    } else if (!http && !command) {
        if (!s.refusedKeys())
            env.fail(*entry, u"needs the key 'http' (with 'json') or the key 'command' (with 'host')"_s);
    } else if (http) {
        if (const std::optional<QString> url = s.text(u"http", Need::Required)) {
            const QUrl parsed(*url, QUrl::StrictMode);
            if (!parsed.isValid() || (parsed.scheme() != u"http" && parsed.scheme() != u"https")
                || parsed.host().isEmpty())
                s.fail(u"http", u"must be an http:// or https:// URL"_s);
            else if (!parsed.userInfo().isEmpty())
                s.fail(u"http",
                    u"must not contain a user name or password: secrets are never written into the "_s
                    u"workspace file"_s);
            probe.http = *url;
        }
        probe.json = s.text(u"json", Need::Required).value_or(QString());
        if (s.find(u"host"))
            s.fail(u"host", u"applies only to a command probe, not to an http probe"_s);
    } else {
        probe.command.command = s.text(u"command", Need::Required, Lines::Many).value_or(QString());
        probe.command.host = hostReference(s, u"host").value_or(QString());
        if (s.find(u"json"))
            s.fail(u"json", u"applies only to an http probe (a command prints the version)"_s);
    }
    environment.versionProbe = probe;
}

void Loader::readBackups(Section &env, Environment &environment)
{
    const Section::Entry *entry = env.find(u"backups");
    if (!entry || entry->value.IsNull())
        return;
    static const QList<QStringView> keys { u"host", u"path", u"pattern", u"max_age", u"retention",
        u"command", u"restore", u"interval" };
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key 'backups' "_s + env.where(), keys);
    s.setWhere(u"in 'backups' "_s + ofSubject(env));
    if (!s.isValid())
        return;
    s.checkKeys();
    Backups backups;
    backups.location = at(s.mark());
    backups.host = hostReference(s, u"host").value_or(QString());
    backups.path = s.text(u"path", Need::Required).value_or(QString());
    if (const std::optional<QString> pattern = s.text(u"pattern")) {
        if (pattern->isEmpty() || pattern->contains(u'/'))
            s.fail(u"pattern",
                u"must be a file name glob such as 'db_*.sql.gz' (no '/'), not "_s + shown(*pattern));
        backups.pattern = *pattern;
    }
    if (const std::optional<seconds> maxAge = s.duration(u"max_age", seconds(1)))
        backups.maxAge = *maxAge;
    if (const std::optional<seconds> retention = s.duration(u"retention", seconds(1)))
        backups.retention = *retention;
    backups.command = s.text(u"command", Need::Optional, Lines::Many).value_or(QString());
    checkPlaceholders(s, u"command", backups.command, { u"env"_s });
    backups.restore = s.text(u"restore", Need::Optional, Lines::Many).value_or(QString());
    checkPlaceholders(s, u"restore", backups.restore, { u"env"_s, u"file"_s });
    if (!backups.restore.isEmpty() && !commandPlaceholders(backups.restore).contains(u"file"_s))
        s.fail(u"restore", u"must use {file}, the name of the backup to restore"_s);
    if (const std::optional<seconds> interval = s.duration(u"interval", seconds(10)))
        backups.interval = *interval;
    environment.backups = backups;
}

// The placeholders a command may use; any other {name} would fail only when the command runs.
void Loader::checkPlaceholders(Section &s, QStringView key, const QString &command, const QStringList &allowed)
{
    for (const QString &name : commandPlaceholders(command)) {
        if (!allowed.contains(name)) {
            s.fail(key, u"uses {"_s + name + u"}, which is not known here (known: {"_s
                + allowed.join(u"}, {"_s) + u"})"_s);
            return;
        }
    }
}

// restart / logs / status: {ssh: {host: H, command: "…"}} or {local: {command: "…"}}.
std::optional<DeployStep> Loader::readHostAction(Section &env, QStringView key)
{
    const Section::Entry *entry = env.find(key);
    if (!entry || entry->value.IsNull())
        return std::nullopt;
    const QString action = u"'"_s + key.toString() + u"' "_s + ofSubject(env);
    static const QList<QStringView> kinds { u"ssh", u"local" };
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key "_s + action, kinds);
    s.setWhere(u"in "_s + action);
    if (!s.isValid())
        return std::nullopt;
    s.checkKeys();
    if (s.entries().size() != 1) {
        if (!s.refusedKeys())
            env.fail(*entry, u"needs exactly one of the keys 'ssh' (with host and command) or 'local' (with command)"_s);
        return std::nullopt;
    }
    const Section::Entry &kind = s.entries().front();
    DeployStep step;
    step.location = at(s.mark());
    const bool ssh = kind.key == u"ssh";
    static const QList<QStringView> sshKeys { u"host", u"command" };
    static const QList<QStringView> localKeys { u"command" };
    Section inner(*this, kind.value, kind.keyNode.Mark(), u"key '"_s + kind.key + u"' "_s + s.where(),
        ssh ? sshKeys : localKeys);
    inner.setWhere(u"in '"_s + kind.key + u"' of "_s + action);
    if (!inner.isValid())
        return std::nullopt;
    inner.checkKeys();
    step.kind = ssh ? DeployStep::Kind::Ssh : DeployStep::Kind::Local;
    if (ssh)
        step.host = hostReference(inner, u"host").value_or(QString());
    step.command = inner.text(u"command", Need::Required, Lines::Many).value_or(QString());
    QStringList allowed { u"artifact"_s, u"image"_s, u"version"_s, u"digest"_s, u"env"_s };
    if (key == u"logs")
        allowed.append(u"lines"_s);
    checkPlaceholders(inner, u"command", step.command, allowed);
    return step;
}

void Loader::readPolicy(Section &top)
{
    const Section::Entry *entry = top.find(u"policy");
    if (!entry)
        return;
    static const QList<QStringView> keys { u"min_interval", u"max_rollbacks_per_hour",
        u"max_concurrent_deploys", u"auto_rollback", u"allow_skip", u"freeze" };
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key 'policy'"_s, keys);
    s.setWhere(u"in 'policy'"_s);
    if (!s.isValid())
        return;
    s.checkKeys();
    Policy &policy = m_workspace.policy;
    if (const std::optional<seconds> minInterval = s.duration(u"min_interval", seconds(0)))
        policy.minInterval = *minInterval;
    if (const std::optional<int> value = s.integer(u"max_rollbacks_per_hour", 0, 1000))
        policy.maxRollbacksPerHour = *value;
    if (const std::optional<int> value = s.integer(u"max_concurrent_deploys", 0, 1000))
        policy.maxConcurrentDeploys = *value;
    if (const std::optional<bool> value = s.boolean(u"auto_rollback"))
        policy.autoRollback = *value;
    if (const std::optional<bool> value = s.boolean(u"allow_skip"))
        policy.allowSkip = *value;
    readFreeze(s);
}

QList<std::pair<QString, YAML::Mark>> Loader::nameList(Section &section, QStringView key, const QString &what)
{
    QList<std::pair<QString, YAML::Mark>> names;
    const std::optional<YAML::Node> list = section.list(key, what);
    if (!list)
        return names;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (!visit(it->Mark()))
            return names;
        const QString item = u"item "_s + oneBased(index) + u" of "_s + shown(key) + u' ' + section.where();
        if (!it->IsScalar()) {
            error(it->Mark(), item + u" must be a name, not "_s + kindOf(*it));
            continue;
        }
        const QString name = QString::fromStdString(it->Scalar().substr(0, 256));
        if (!isName(name)) {
            error(it->Mark(), item + u" is not a valid name ("_s + nameRule() + u"): "_s + shown(name));
            continue;
        }
        names.append({ name, it->Mark() });
    }
    return names;
}

void Loader::readPullRequest(Section &env, Environment &environment)
{
    const Section::Entry *entry = env.find(u"pull_request");
    if (!entry || entry->value.IsNull())
        return;
    static const QList<QStringView> keys { u"forge", u"api", u"project", u"token", u"merge" };
    Section s(*this, entry->value, entry->keyNode.Mark(), u"key 'pull_request' "_s + env.where(), keys);
    s.setWhere(u"in 'pull_request' "_s + ofSubject(env));
    if (!s.isValid())
        return;
    s.checkKeys();
    PullRequest pr;
    pr.location = at(s.mark());
    if (const std::optional<QString> forge = s.text(u"forge", Need::Required)) {
        if (*forge == u"github")
            pr.forge = PullRequest::Forge::GitHub;
        else if (*forge == u"gitlab")
            pr.forge = PullRequest::Forge::GitLab;
        else
            s.fail(u"forge", u"must be github or gitlab, not "_s + shown(*forge));
    }
    pr.api = pr.forge == PullRequest::Forge::GitHub ? u"https://api.github.com"_s : u"https://gitlab.com/api/v4"_s;
    if (const std::optional<QString> api = s.text(u"api")) {
        const QUrl parsed(*api, QUrl::StrictMode);
        const QString scheme = parsed.scheme();
        const QString host = parsed.host();
        const bool loopback = host == u"localhost" || QHostAddress(host).isLoopback();
        if (!parsed.isValid() || host.isEmpty() || (scheme != u"https" && scheme != u"http"))
            s.fail(u"api", u"must be an https:// URL such as https://api.github.com or https://gitlab.example.com/api/v4"_s);
        else if (!parsed.userInfo().isEmpty() || parsed.hasQuery() || parsed.hasFragment())
            s.fail(u"api",
                u"must be only scheme://HOST[:PORT][/PATH]: no user name, password, query or fragment (the token "_s
                u"is referenced with 'token')"_s);
        else if (scheme == u"http" && !loopback)
            s.fail(u"api", u"must use https:// (plain http:// is allowed only to this machine, 127.0.0.1 or localhost), since it carries the token"_s);
        else
            pr.api = api->endsWith(u'/') ? api->chopped(1) : *api;
    }
    if (std::optional<QString> project = s.text(u"project", Need::Required)) {
        // GitLab documents the path URL-encoded (group%2Fname); both spellings mean the same.
        project->replace(u"%2F"_s, u"/"_s, Qt::CaseInsensitive);
        bool ok = !project->isEmpty() && project->size() <= 255 && !project->startsWith(u'/') && !project->endsWith(u'/')
            && !project->contains(u"//") && !project->contains(u"..");
        for (QChar c : *project)
            ok = ok && (isAlnum(c) || QStringView(u"._-/").contains(c));
        if (ok && pr.forge == PullRequest::Forge::GitHub)
            ok = project->count(u'/') == 1;
        if (!ok)
            s.fail(u"project",
                pr.forge == PullRequest::Forge::GitHub
                    ? u"must be OWNER/NAME of the GitHub repository, not "_s + shown(*project)
                    : u"must be the GitLab project's numeric id or its path (group/name), not "_s + shown(*project));
        else
            pr.project = *project;
    }
    if (const std::optional<QString> token = s.text(u"token", Need::Required)) {
        // The value is not repeated in the message: someone may have pasted the token here.
        if (isSecretReference(*token))
            pr.token = *token;
        else
            s.fail(u"token", u"must be env:VAR or keyring:NAME (secrets are referenced, never written into the workspace file)"_s);
    }
    pr.merge = s.boolean(u"merge").value_or(false);
    if (environment.branch.isEmpty() && !environment.name.isEmpty())
        env.fail(*entry, u"needs the environment's 'branch': a pull request changes that branch"_s);
    else if (!environment.isProtected && !environment.name.isEmpty())
        env.fail(*entry, u"applies only to a protected environment (add 'protected: true'); other environments' branches are pushed directly"_s);
    environment.pullRequest = pr;
}

void Loader::readAlsoTag(Section &env, Environment &environment)
{
    const std::optional<YAML::Node> list = env.list(u"also_tag", u"registry tags"_s);
    if (!list)
        return;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (!visit(it->Mark()))
            return;
        const QString item = u"item "_s + oneBased(index) + u" of 'also_tag' "_s + env.where();
        if (!it->IsScalar()) {
            error(it->Mark(), item + u" must be a registry tag, not "_s + kindOf(*it));
            continue;
        }
        const QString tag = QString::fromStdString(it->Scalar().substr(0, 256));
        if (!isTag(tag)) {
            error(it->Mark(), item + u" is not a valid OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}): "_s + shown(tag));
            continue;
        }
        if (tag == environment.tag || environment.alsoTag.contains(tag)) {
            error(it->Mark(), item + u" repeats the tag "_s + shown(tag));
            continue;
        }
        environment.alsoTag.append(tag);
        if (!environment.name.isEmpty())
            m_alsoTags.append({ environment.name, tag, it->Mark() });
    }
}

void Loader::checkAlsoTag()
{
    QHash<QString, QString> firstUse;
    for (const PromoteFrom &reference : std::as_const(m_alsoTags)) {
        // Another environment's tag would be moved by this one's promotions: never what is meant.
        if (const auto owner = m_environmentTags.constFind(reference.source); owner != m_environmentTags.cend()) {
            error(reference.mark,
                u"'also_tag' of environment "_s + shown(reference.environment) + u" names "_s + shown(reference.source)
                    + u", the registry tag of environment "_s + shown(owner->first)
                    + u"; promotions into one environment must not move another's tag"_s);
        } else if (const auto other = firstUse.constFind(reference.source);
                   other != firstUse.cend() && *other != reference.environment) {
            error(reference.mark,
                u"'also_tag' of environment "_s + shown(reference.environment) + u" names "_s + shown(reference.source)
                    + u", which environment "_s + shown(*other) + u" also moves; give each extra tag to one environment"_s);
        } else {
            firstUse.insert(reference.source, reference.environment);
        }
    }
}

void Loader::checkPromoteFrom()
{
    for (const PromoteFrom &reference : std::as_const(m_promoteFrom)) {
        if (reference.source == reference.environment) {
            error(reference.mark,
                u"environment "_s + shown(reference.environment)
                    + u" names itself in 'promote_from'; list the environments its versions come from"_s);
        } else if (!m_environmentNames.contains(reference.source)) {
            error(reference.mark,
                u"'promote_from' of environment "_s + shown(reference.environment) + u" names "_s
                    + shown(reference.source) + u", but no environment of that name is defined"_s);
        }
    }
}

// Weekday names as written in `days:`: three letters or the full English name.
int weekday(QStringView text)
{
    static const char16_t *const names[] = { u"monday", u"tuesday", u"wednesday", u"thursday", u"friday",
        u"saturday", u"sunday" };
    const QString lower = text.toString().toLower();
    for (int i = 0; i < 7; ++i) {
        const QStringView name(names[i]);
        if (lower == name || lower == name.left(3))
            return i + 1;
    }
    return 0;
}

// "HH:MM" as minutes since midnight, 0…1440 ("24:00" is the end of the day); -1 otherwise.
int minuteOfDay(QStringView text)
{
    if (text.size() != 5 || text[2] != u':')
        return -1;
    bool okHours = false;
    bool okMinutes = false;
    const int hours = text.left(2).toInt(&okHours);
    const int minutes = text.mid(3).toInt(&okMinutes);
    if (!okHours || !okMinutes || !text[0].isDigit() || !text[3].isDigit() || hours > 24 || minutes > 59
        || (hours == 24 && minutes != 0))
        return -1;
    return hours * 60 + minutes;
}

// An ISO 8601 date and time; without an offset it is read in `zone`.
QDateTime absoluteTime(const QString &text, const QTimeZone &zone)
{
    if (text.size() < 16 || text.size() > 40 || text.at(10) != u'T')
        return {};
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODate);
    if (!parsed.isValid())
        return {};
    const bool hasOffset = text.endsWith(u'Z')
        || (text.size() > 6 && (text.at(text.size() - 6) == u'+' || text.at(text.size() - 6) == u'-'));
    return hasOffset ? parsed : QDateTime(parsed.date(), parsed.time(), zone);
}

void Loader::readFreeze(Section &policy)
{
    const std::optional<YAML::Node> list = policy.list(u"freeze", u"freeze windows ({from, to, reason}, …)"_s);
    if (!list)
        return;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        const QString what = u"freeze window "_s + oneBased(index);
        static const QList<QStringView> keys { u"from", u"to", u"days", u"timezone", u"reason",
            u"environments" };
        Section s(*this, *it, list->Mark(), u"item "_s + oneBased(index) + u" of 'freeze'"_s, keys);
        s.setWhere(u"in "_s + what);
        if (!s.isValid())
            continue;
        s.checkKeys();
        FreezeWindow window;
        window.location = at(s.mark());
        window.reason = s.text(u"reason").value_or(QString());
        if (window.reason.size() > 200)
            s.fail(u"reason", u"is longer than 200 characters"_s);
        if (window.reason.isEmpty())
            window.reason = u"release freeze"_s;
        QTimeZone zone(QTimeZone::UTC);
        if (const std::optional<QString> id = s.text(u"timezone")) {
            const QTimeZone named(id->toUtf8());
            if (id->size() > 64 || !named.isValid())
                s.fail(u"timezone", u"is not a known time zone (write an IANA name such as Europe/Berlin): "_s + shown(*id));
            else {
                zone = named;
                window.timeZone = id->toUtf8();
            }
        }
        for (const auto &[name, mark] : nameList(s, u"environments", u"environment names"_s)) {
            if (!m_environmentNames.contains(name))
                error(mark, u"'environments' "_s + s.where() + u" names "_s + shown(name)
                        + u", but no environment of that name is defined"_s);
            else
                window.environments.append(name);
        }
        const std::optional<QString> from = s.text(u"from", Need::Required);
        const std::optional<QString> to = s.text(u"to", Need::Required);
        if (s.find(u"days")) {
            if (const std::optional<YAML::Node> days = s.list(u"days", u"weekdays (mon, tue, …)"_s)) {
                for (auto day = days->begin(); day != days->end(); ++day) {
                    const int number = day->IsScalar() ? weekday(QString::fromStdString(day->Scalar().substr(0, 16))) : 0;
                    if (number == 0)
                        error(day->Mark(), u"'days' "_s + s.where() + u" must list weekdays such as mon, tue, … sun"_s);
                    else if (!window.days.contains(number))
                        window.days.append(number);
                }
                if (days->size() == 0)
                    s.fail(u"days", u"is empty; list the weekdays the window recurs on"_s);
            }
            if (from) {
                window.startMinute = minuteOfDay(*from);
                if (window.startMinute < 0 || window.startMinute == 1440)
                    s.fail(u"from", u"must be a time of day such as \"16:00\" (weekly window), not "_s + shown(*from));
            }
            if (to) {
                window.endMinute = minuteOfDay(*to);
                if (window.endMinute < 0)
                    s.fail(u"to", u"must be a time of day such as \"23:59\" or \"24:00\" (weekly window), not "_s + shown(*to));
            }
        } else {
            if (from) {
                window.from = absoluteTime(*from, zone);
                if (!window.from.isValid())
                    s.fail(u"from", u"must be a date and time such as \"2026-11-27T00:00:00+01:00\" (or give 'days' for a "_s
                        u"weekly window), not "_s + shown(*from));
            }
            if (to) {
                window.to = absoluteTime(*to, zone);
                if (!window.to.isValid())
                    s.fail(u"to", u"must be a date and time such as \"2026-11-30T08:00:00+01:00\", not "_s + shown(*to));
            }
            if (window.from.isValid() && window.to.isValid() && window.to <= window.from)
                s.fail(u"to", u"is not after 'from': the window would never be in force"_s);
        }
        m_workspace.policy.freeze.append(window);
    }
}

void Loader::readNotifications(Section &top)
{
    const std::optional<YAML::Node> list = top.list(u"notifications", u"targets ({slack: REF}, …)"_s);
    if (!list)
        return;
    qsizetype index = 0;
    for (auto it = list->begin(); it != list->end(); ++it, ++index) {
        if (stopped())
            return;
        static const QList<QStringView> kinds { u"slack", u"telegram", u"webhook" };
        const QString what = u"notification "_s + oneBased(index);
        Section s(*this, *it, list->Mark(), u"item "_s + oneBased(index) + u" of 'notifications'"_s, kinds);
        s.setWhere(u"in "_s + what);
        if (!s.isValid())
            continue;
        s.checkKeys();
        if (s.entries().isEmpty()) {
            if (!s.refusedKeys())
                error(s.mark(), what + u" needs one of the keys 'slack', 'telegram' or 'webhook'"_s);
            continue;
        }
        if (s.entries().size() > 1) {
            s.fail(s.entries().at(1),
                u"cannot be combined with "_s + shown(s.entries().front().key)
                    + u": give each notification its own list item"_s);
            continue;
        }
        const Section::Entry &kind = s.entries().front();
        Notification notification;
        notification.location = at(s.mark());
        notification.kind = kind.key == u"slack" ? Notification::Kind::Slack
            : kind.key == u"telegram"            ? Notification::Kind::Telegram
                                                 : Notification::Kind::Webhook;
        // Never quote the value: it is, or may be, the secret itself.
        if (const std::optional<QString> target = s.textOf(kind, Need::Required)) {
            if (isSecretReference(*target)) {
                notification.target = *target;
            } else if (looksLikeUrl(*target)) {
                s.fail(kind,
                    u"holds a URL, and a webhook URL is a secret: secrets must be referenced, not stored in "_s
                    u"the workspace file. Put it in an environment variable or the keyring and write "_s
                    u"env:VAR or keyring:NAME"_s);
            } else {
                s.fail(kind, u"must be a secret reference, env:VAR or keyring:NAME"_s);
            }
        }
        m_workspace.notifications.append(notification);
    }
}

} // namespace

std::expected<Workspace, QList<rd::Error>> parseWorkspace(const QByteArray &yaml, const QString &fileName)
{
    const QString absolute = QDir::cleanPath(QFileInfo(fileName).absoluteFilePath());
    try {
        return Loader(yaml, fileName, absolute).run();
    } catch (...) {
        // run() catches everything itself; this guards the copies and allocations around it.
        return failWith(
            SourceLocation { fileName, 0, 0 }, u"out of memory while reading the workspace file"_s);
    }
}

std::expected<Workspace, QList<rd::Error>> loadWorkspace(const QString &path)
{
    const SourceLocation where { path, 0, 0 };
    if (path.isEmpty())
        return failWith(where, u"no workspace file given"_s);
    const QFileInfo info(path);
    if (!info.exists())
        return failWith(where, u"the workspace file does not exist"_s);
    if (info.isDir())
        return failWith(where, u"this is a folder, not a workspace file"_s);
    // A FIFO or device would block or never end; only regular files are workspace files.
    if (!info.isFile())
        return failWith(where, u"the workspace file is not a regular file"_s);
    if (info.size() > MaxWorkspaceFileSize) {
        return failWith(where,
            u"the workspace file is %1 bytes long; files larger than %2 bytes (1 MiB) are "
            u"refused"_s.arg(info.size())
                .arg(MaxWorkspaceFileSize));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Errors errors { configError(where, u"cannot open the workspace file: "_s + file.errorString()) };
        errors.front().domain = Error::Domain::Io;
        return std::unexpected(errors);
    }
    // Read one byte more than allowed: a file that grew since the size check is still refused.
    const QByteArray data = file.read(MaxWorkspaceFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        Errors errors { configError(where, u"cannot read the workspace file: "_s + file.errorString()) };
        errors.front().domain = Error::Domain::Io;
        return std::unexpected(errors);
    }
    return parseWorkspace(data, path);
}

} // namespace rd::config
