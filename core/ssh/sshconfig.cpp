// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/sshconfig.h"
#include "ssh/hostpattern.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>


using namespace Qt::StringLiterals;

namespace rd::ssh {

namespace {

// Splits an option line into words, honouring "double quotes" as OpenSSH does.
QStringList words(QStringView text)
{
    QStringList result;
    QString current;
    bool inQuotes = false, inWord = false;
    for (QChar c : text) {
        if (c == u'"') {
            inQuotes = !inQuotes;
            inWord = true;
        } else if (!inQuotes && (c == u' ' || c == u'\t')) {
            if (inWord)
                result.append(std::exchange(current, {}));
            inWord = false;
        } else {
            current += c;
            inWord = true;
        }
    }
    if (inWord)
        result.append(current);
    return result;
}

QString expandTokens(QString value, const QString &host, const QString &remoteUser)
{
    if (value == u"~" || value.startsWith(u"~/"))
        value = QDir::homePath() + value.mid(1);
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] != u'%' || i + 1 == value.size()) {
            out += value[i];
            continue;
        }
        const QChar token = value[++i];
        if (token == u'%')
            out += u'%';
        else if (token == u'h')
            out += host;
        else if (token == u'd')
            out += QDir::homePath();
        else if (token == u'u')
            out += qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
        else if (token == u'r')
            out += remoteUser;
        else
            out += u'%' + token;   // left as written: a token we do not know
    }
    return out;
}

} // namespace

QString SshConfig::defaultPath()
{
    return QDir::homePath() + u"/.ssh/config"_s;
}

Result<SshConfig> SshConfig::load(const QString &path)
{
    SshConfig config;
    QFileInfo info(path);
    if (!info.exists())
        return config;
    if (info.size() > MaxFileBytes)
        return fail(Error::Domain::Ssh, u"the SSH configuration file %1 is larger than 1 MB"_s.arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Domain::Ssh, u"cannot read the SSH configuration file %1: %2"_s.arg(path, file.errorString()));
    config.addText(file.read(MaxFileBytes));
    return config;
}

void SshConfig::addText(const QByteArray &text)
{
    if (m_blocks.isEmpty())
        m_blocks.append(Block{});
    int lineNumber = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNumber;
        const QString line = QString::fromUtf8(raw.left(4096)).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        // "Keyword value", "Keyword=value" or "Keyword = value"
        qsizetype end = 0;
        while (end < line.size() && !line[end].isSpace() && line[end] != u'=')
            ++end;
        QStringView rest = QStringView(line).mid(end).trimmed();
        if (rest.startsWith(u'='))
            rest = rest.mid(1).trimmed();
        Option option{line.left(end).toLower(), line.left(end), words(rest), lineNumber};
        if (option.keyword == u"host") {
            m_blocks.append(Block{Block::Kind::Host, option.arguments, {}});
        } else if (option.keyword == u"match") {
            m_blocks.append(Block{Block::Kind::Match, option.arguments, {}});
            m_blocks.last().options.append(option);
        } else if (!option.keyword.isEmpty()) {
            m_blocks.last().options.append(option);
        }
    }
}

bool SshConfig::hostMatches(const QStringList &patterns, const QString &alias)
{
    bool matched = false;
    for (QStringView pattern : patterns) {
        const bool negated = pattern.startsWith(u'!');
        if (negated)
            pattern = pattern.mid(1);
        if (!matchesHostPattern(pattern, alias))
            continue;
        if (negated)
            return false;
        matched = true;
    }
    return matched;
}

SshConfigValues SshConfig::resolve(const QString &alias, const QString &remoteUser) const
{
    SshConfigValues values;
    QList<const Option *> identities;
    for (const Block &block : m_blocks) {
        if (block.kind == Block::Kind::Match) {
            // Match criteria (exec, user, canonical, …) are not evaluated: say so, apply nothing.
            values.ignored.append(u"Match (line %1)"_s.arg(block.options.first().line));
            continue;
        }
        if (block.kind == Block::Kind::Host && !hostMatches(block.patterns, alias))
            continue;
        for (const Option &option : block.options) {
            const QString first = option.arguments.value(0);
            if (option.keyword == u"hostname") {
                if (values.hostName.isEmpty() && !first.isEmpty())
                    values.hostName = expandTokens(first, alias, remoteUser);
            } else if (option.keyword == u"port") {
                bool ok = false;
                const int port = first.toInt(&ok);
                if (values.port == 0 && ok && port > 0 && port < 65536)
                    values.port = port;
            } else if (option.keyword == u"user") {
                if (values.user.isEmpty() && !first.isEmpty())
                    values.user = first;
            } else if (option.keyword == u"identityfile") {
                if (!first.isEmpty())
                    identities.append(&option);
            } else {
                values.ignored.append(u"%1 (line %2)"_s.arg(option.spelled).arg(option.line));
            }
        }
    }
    const QString host = values.hostName.isEmpty() ? alias : values.hostName;
    const QString user = values.user.isEmpty() ? remoteUser : values.user;
    for (const Option *option : identities)
        values.identityFiles.append(expandTokens(option->arguments.first(), host, user));
    return values;
}

} // namespace rd::ssh
