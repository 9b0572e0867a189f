// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli diff SRC DST: the code difference between what two environments run.
#include "commands.h"
#include "comparison.h"

#include "git/diff.h"
#include "git/patchwriter.h"
#include "git/verification.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

void writeOut(QByteArrayView bytes)
{
    std::fwrite(bytes.data(), 1, size_t(bytes.size()), stdout);
}

QJsonObject fileToJson(const git::FileChange &file)
{
    auto mode = [](quint32 m) { return m ? QJsonValue(QString::number(m, 8)) : QJsonValue(QJsonValue::Null); };
    return QJsonObject{
        {u"path"_s, file.path},
        {u"old_path"_s, file.oldPath.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(file.oldPath)},
        {u"status"_s, git::changeStatusName(file.status)},
        {u"insertions"_s, file.insertions},
        {u"deletions"_s, file.deletions},
        {u"binary"_s, file.binary},
        {u"similarity"_s, file.status == git::ChangeStatus::Renamed || file.status == git::ChangeStatus::Copied
                              ? QJsonValue(file.similarity) : QJsonValue(QJsonValue::Null)},
        {u"old_mode"_s, mode(file.oldMode)},
        {u"new_mode"_s, mode(file.newMode)},
        {u"submodule"_s, file.submodule},
    };
}

int statWidth()
{
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    return ok && columns > 0 ? columns : 80;
}

QByteArray sideLine(const char *role, const ComparedSide &side, qsizetype nameWidth)
{
    QString line = QString::fromLatin1(role) + u' ' + QString(side.environment + u':').leftJustified(nameWidth + 1) + u' ';
    if (!side.version.isEmpty())
        line += side.version + u"  "_s;
    line += side.commit.left(7);
    if (!side.subject.isEmpty())
        line += u"  "_s + side.subject;
    return line.toUtf8() + '\n';
}

} // namespace

int diff(const QString &workspaceFile, const QStringList &args)
{
    enum class Format { Default, Stat, NameStatus, Patch } format = Format::Default;
    bool json = false;
    QString artifact;
    QStringList positional;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        Format wanted = Format::Default;
        if (arg == u"--json") {
            json = true;
            continue;
        } else if (arg == u"--artifact") {
            if (i + 1 >= args.size()) {
                printError(u"diff: --artifact needs an artifact name"_s);
                return UsageError;
            }
            artifact = args[++i];
            continue;
        } else if (arg == u"--stat") {
            wanted = Format::Stat;
        } else if (arg == u"--name-status") {
            wanted = Format::NameStatus;
        } else if (arg == u"--patch") {
            wanted = Format::Patch;
        } else if (arg.startsWith(u'-')) {
            printError(u"diff: unknown option '%1' (expected --artifact, --stat, --name-status, --patch or --json)"_s.arg(arg));
            return UsageError;
        } else {
            positional.append(arg);
            continue;
        }
        if (format != Format::Default && format != wanted) {
            printError(u"diff: choose one of --stat, --name-status and --patch"_s);
            return UsageError;
        }
        format = wanted;
    }
    if (positional.size() != 2) {
        printError(u"usage: releasedeck-cli diff SRC DST [--artifact A] [--stat|--name-status|--patch] [--json]"_s);
        return UsageError;
    }
    if (json && format == Format::Patch) {
        printError(u"diff: --json lists files; it cannot be combined with --patch"_s);
        return UsageError;
    }

    auto comparison = resolveComparison(workspaceFile, positional[0], positional[1], artifact);
    if (!comparison)
        return comparison.error();

    // Read objects as git diff does, without re-hashing each one (see verification.h).
    git::setObjectHashVerification(false);
    // git diff DST SRC: what promoting SRC onto DST would change.
    git::DiffOptions options;
    options.paths = comparison->paths;
    if (format != Format::Patch)
        options.contextLines = 0; // counts only: unchanged lines around the changes are not needed
    auto diff = git::Diff::between(comparison->repositoryPath, comparison->dst.commit, comparison->src.commit, options);
    if (!diff) {
        printError(diff.error().toString());
        return Failed;
    }

    std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
    if (format == Format::Patch) {
        if (auto written = git::writePatch(*diff, writeOut); !written) {
            std::fflush(stdout);
            printError(written.error().toString());
            return Failed;
        }
        std::fflush(stdout);
        return Success;
    }
    if (format == Format::NameStatus && !json) {
        // Status and paths only: no file's lines need to be compared (that is --stat's cost).
        QList<git::FileChange> files;
        files.reserve(diff->size());
        for (qsizetype i = 0; i < diff->size(); ++i)
            files.append(diff->file(i));
        writeOut(git::formatNameStatus(files));
        std::fflush(stdout);
        return Success;
    }
    auto files = git::collectStats(*diff);
    if (!files) {
        printError(files.error().toString());
        return Failed;
    }
    if (json) {
        QJsonArray list;
        for (const git::FileChange &file : *files)
            list.append(fileToJson(file));
        QJsonObject root{{u"src"_s, comparison->src.toJson()},
                         {u"dst"_s, comparison->dst.toJson()},
                         {u"artifact"_s, comparison->artifact.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(comparison->artifact)},
                         {u"paths"_s, QJsonArray::fromStringList(comparison->paths)},
                         {u"files"_s, list}};
        writeOut(QJsonDocument(root).toJson(QJsonDocument::Indented));
    } else if (format == Format::NameStatus) {
        writeOut(git::formatNameStatus(*files));
    } else if (format == Format::Stat) {
        writeOut(git::formatStat(*files, statWidth()));
    } else {
        const qsizetype width = std::max(comparison->src.environment.size(), comparison->dst.environment.size());
        writeOut(sideLine("from", comparison->dst, width));
        writeOut(sideLine("to  ", comparison->src, width));
        if (!comparison->paths.isEmpty())
            writeOut(u"in   %1\n"_s.arg(comparison->paths.join(u", "_s)).toUtf8());
        writeOut("\n");
        if (files->isEmpty())
            writeOut(comparison->src.commit == comparison->dst.commit ? "Both run the same commit.\n" : "No changes.\n");
        else
            writeOut(git::formatStat(*files, statWidth()));
    }
    std::fflush(stdout);
    return Success;
}

} // namespace rd::cli
