// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"

#include <QStringList>
#include <QTextStream>
#include <optional>

// The subcommands of releasedeck-cli. Each returns the process exit code:
// 0 success, 1 operation failed, 2 usage or configuration error, 3 refused by policy.
namespace rd::cli {

enum ExitCode { Success = 0, Failed = 1, UsageError = 2, Refused = 3 };

int demoCreate(const QStringList &args);
int validate(const QString &workspaceFile, const QStringList &args);
int list(const QString &workspaceFile, const QStringList &args);

// Prints one line to stderr (errors are one clear sentence each).
void printError(const QString &message);

// Standard output as text, shared by the commands that print with QTextStream.
QTextStream &out();
// The workspace, or nullopt after printing every problem in it (then exit with UsageError).
std::optional<config::Workspace> loadWorkspaceOrReport(const QString &file);

} // namespace rd::cli

namespace rd::cli {

// diff SRC DST [--artifact A] [--stat|--name-status|--patch] [--json]: the code difference
// between what two environments run (diffcommand.cpp).
int diff(const QString &workspaceFile, const QStringList &args);
// log SRC DST [--artifact A] [--json]: the commits in SRC not yet in DST (logcommand.cpp).
int log(const QString &workspaceFile, const QStringList &args);

} // namespace rd::cli

namespace rd::cli {

// health [--json] [--watch]: every health check once (exit 0 when all are healthy), with
// live-version drift; or, with --watch, status transitions until SIGINT/SIGTERM (healthcommand.cpp).
int health(const QString &workspaceFile, const QStringList &args);

} // namespace rd::cli

namespace rd::cli {

// promote A --to ENV [--from ENV] [--version V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--json]
// and rollback A --env ENV [--to V] [same options] (promotecommand.cpp).
int promote(const QString &workspaceFile, const QStringList &args);
int rollback(const QString &workspaceFile, const QStringList &args);
// history [A] [--env ENV] [--action ACTION] [--limit N] [--id N] [--json|--csv]: the workspace's
// audit log, newest first (historycommand.cpp).
int history(const QString &workspaceFile, const QStringList &args);

} // namespace rd::cli
