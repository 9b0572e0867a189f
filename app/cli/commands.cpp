// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"

#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "release/matrixjson.h"
#include "release/matrixloader.h"
#include "util/duration.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

QString cellText(const release::MatrixCell &cell, const QDateTime &now)
{
    switch (cell.state) {
    case release::MatrixCell::State::NotDeployed:
        return u"—  not deployed"_s;
    case release::MatrixCell::State::Error:
        return u"!  error"_s;
    case release::MatrixCell::State::Deployed:
        break;
    }
    QString text = cell.version.isEmpty() ? cell.digest.mid(7, 12) : cell.version;
    if (!cell.commit.isEmpty())
        text += u" "_s + cell.commit.left(7);
    if (cell.created.isValid())
        text += u" "_s + formatAge(std::chrono::seconds(cell.created.secsTo(now)));
    if (cell.behind)
        text += u" ↓behind"_s;
    if (cell.ahead)
        text += u" ↑ahead"_s;
    return text;
}

} // namespace

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

std::optional<config::Workspace> loadWorkspaceOrReport(const QString &file)
{
    auto workspace = config::loadWorkspace(file);
    if (!workspace) {
        for (const Error &error : workspace.error())
            printError(error.toString());
        return std::nullopt;
    }
    return std::move(*workspace);
}

void printError(const QString &message)
{
    QTextStream err(stderr);
    err << "releasedeck-cli: " << message << '\n';
}

int demoCreate(const QStringList &args)
{
    if (args.size() != 1) {
        printError(u"usage: releasedeck-cli demo create DIR"_s);
        return UsageError;
    }
    QElapsedTimer timer;
    timer.start();
    auto file = demo::createDemoWorkspace(args.first());
    if (!file) {
        printError(file.error().toString());
        return file.error().domain == Error::Domain::Usage ? UsageError : Failed;
    }
    out() << "Created the demo workspace " << *file << " in " << timer.elapsed() << " ms.\n"
          << "Try: releasedeck-cli -w " << *file << " list\n";
    return Success;
}

int validate(const QString &workspaceFile, const QStringList &args)
{
    if (!args.isEmpty()) {
        printError(u"validate takes no arguments (got '%1')"_s.arg(args.first()));
        return UsageError;
    }
    auto workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    out() << workspaceFile << ": valid (" << workspace->artifacts.size() << " artifacts, " << workspace->environments.size()
          << " environments, " << workspace->registries.size() << " registries, " << workspace->hosts.size() << " hosts)\n";
    return Success;
}

int list(const QString &workspaceFile, const QStringList &args)
{
    bool json = false;
    for (const QString &arg : args) {
        if (arg == u"--json") {
            json = true;
        } else {
            printError(u"list: unknown option '%1' (expected --json)"_s.arg(arg));
            return UsageError;
        }
    }
    auto workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    const release::EnvironmentMatrix matrix = release::loadEnvironmentMatrix(*workspace);

    if (json) {
        out() << QJsonDocument(release::matrixToJson(matrix)).toJson(QJsonDocument::Indented);
    } else {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<QStringList> table;
        QStringList header{u"ARTIFACT"_s};
        for (const auto &environment : matrix.environments)
            header.append(environment.name.toUpper() + (environment.isProtected ? u" (protected)"_s : QString()));
        table.append(header);
        for (const auto &row : matrix.rows) {
            QStringList line{row.artifact};
            for (const auto &cell : row.cells)
                line.append(cellText(cell, now));
            table.append(line);
        }
        QList<qsizetype> widths(header.size(), 0);
        for (const QStringList &line : table)
            for (qsizetype i = 0; i < line.size(); ++i)
                widths[i] = std::max(widths[i], line[i].size());
        for (const QStringList &line : table) {
            QString text;
            for (qsizetype i = 0; i < line.size(); ++i)
                text += (i + 1 < line.size() ? line[i].leftJustified(widths[i] + 2) : line[i]);
            out() << text << '\n';
        }
        // Errors are listed under the table in full, one sentence each.
        for (const auto &row : matrix.rows) {
            for (qsizetype i = 0; i < row.cells.size(); ++i) {
                if (row.cells[i].state == release::MatrixCell::State::Error)
                    out() << "error: " << row.artifact << " in " << matrix.environments[i].name << ": " << row.cells[i].error << '\n';
            }
        }
    }
    out().flush();
    for (const auto &row : matrix.rows) {
        for (const auto &cell : row.cells) {
            if (cell.state == release::MatrixCell::State::Error)
                return Failed;
        }
    }
    return Success;
}

} // namespace rd::cli
