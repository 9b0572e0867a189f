// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli log SRC DST: the commits a promotion from SRC to DST would bring.
#include "commands.h"
#include "comparison.h"

#include "git/changelog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

void writeText(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

QJsonObject entryToJson(const git::ChangelogEntry &entry)
{
    QJsonArray trailers;
    for (const git::Trailer &trailer : entry.trailers)
        trailers.append(QJsonObject{{u"key"_s, trailer.key}, {u"value"_s, trailer.value}});
    return QJsonObject{
        {u"id"_s, entry.commit.id},
        {u"author"_s, entry.commit.author},
        {u"email"_s, entry.commit.email},
        {u"time"_s, entry.commit.time.toString(Qt::ISODate)},
        {u"subject"_s, entry.commit.subject},
        {u"body"_s, entry.commit.body},
        {u"parents"_s, QJsonArray::fromStringList(entry.parents)},
        {u"merge"_s, entry.isMerge()},
        {u"trailers"_s, trailers},
    };
}

QString entryLine(const git::ChangelogEntry &entry)
{
    return u"%1  %2  %3  %4%5\n"_s.arg(entry.commit.shortId(), entry.commit.time.toString(u"yyyy-MM-dd"_s), entry.commit.author,
                                       entry.isMerge() ? u"(merge) "_s : QString(), entry.commit.subject);
}

} // namespace

int log(const QString &workspaceFile, const QStringList &args)
{
    bool json = false;
    QString artifact;
    QStringList positional;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (arg == u"--json") {
            json = true;
        } else if (arg == u"--artifact") {
            if (i + 1 >= args.size()) {
                printError(u"log: --artifact needs an artifact name"_s);
                return UsageError;
            }
            artifact = args[++i];
        } else if (arg.startsWith(u'-')) {
            printError(u"log: unknown option '%1' (expected --artifact or --json)"_s.arg(arg));
            return UsageError;
        } else {
            positional.append(arg);
        }
    }
    if (positional.size() != 2) {
        printError(u"usage: releasedeck-cli log SRC DST [--artifact A] [--json]"_s);
        return UsageError;
    }
    auto comparison = resolveComparison(workspaceFile, positional[0], positional[1], artifact);
    if (!comparison)
        return comparison.error();

    git::ChangelogOptions options;
    options.paths = comparison->paths;
    auto history = git::compareHistories(comparison->repositoryPath, comparison->src.commit, comparison->dst.commit, options);
    if (!history) {
        printError(history.error().toString());
        return Failed;
    }

    if (json) {
        QJsonArray commits;
        for (const git::ChangelogEntry &entry : history->ahead)
            commits.append(entryToJson(entry));
        QJsonArray missing;
        for (const git::ChangelogEntry &entry : history->behind)
            missing.append(entryToJson(entry));
        const QJsonObject root{{u"src"_s, comparison->src.toJson()},
                               {u"dst"_s, comparison->dst.toJson()},
                               {u"artifact"_s, comparison->artifact.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(comparison->artifact)},
                               {u"paths"_s, QJsonArray::fromStringList(comparison->paths)},
                               {u"commits"_s, commits},
                               {u"dst_only"_s, missing}};
        const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return Success;
    }

    const QString scope = comparison->paths.isEmpty() ? QString() : u" under %1"_s.arg(comparison->paths.join(u", "_s));
    const qsizetype count = history->ahead.size();
    writeText(u"%1 %2 in %3 not yet in %4%5:\n"_s.arg(count).arg(count == 1 ? u"commit"_s : u"commits"_s,
                                                      comparison->src.environment, comparison->dst.environment, scope));
    for (const git::ChangelogEntry &entry : history->ahead)
        writeText(entryLine(entry));
    if (!history->behind.isEmpty()) {
        const qsizetype behind = history->behind.size();
        writeText(u"\nwarning: %1 has %2 %3 that %4 lacks; promoting %4 to %1 would drop %5:\n"_s.arg(
            comparison->dst.environment, QString::number(behind), behind == 1 ? u"commit"_s : u"commits"_s,
            comparison->src.environment, behind == 1 ? u"it"_s : u"them"_s));
        for (const git::ChangelogEntry &entry : history->behind)
            writeText(entryLine(entry));
    }
    std::fflush(stdout);
    return Success;
}

} // namespace rd::cli
