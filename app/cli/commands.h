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

// backups [--json] | run ENV | restore ENV FILE [--yes] [--confirm ENV] | clean ENV [--dry-run]
// [--yes]: backup status (exit 1 unless all are ok) and backup actions (backupscommand.cpp).
int backups(const QString &workspaceFile, const QStringList &args);
// restart|logs|status ARTIFACT --env ENV [--yes] [--lines N]: the environment's configured
// host command for the artifact (hostactioncommand.cpp). `name` is the subcommand.
int hostAction(const QString &name, const QString &workspaceFile, const QStringList &args);
// trust HOST [--fingerprint SHA256:…]: records the SSH host key HOST presents in the workspace's
// known_hosts file, after the person checked it; refuses a key that contradicts one on record
// (trustcommand.cpp).
int trust(const QString &workspaceFile, const QStringList &args);
// promote A --to ENV [--from ENV] [--version V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--json]
// and rollback A --env ENV [--to V] [same options] (promotecommand.cpp).
int promote(const QString &workspaceFile, const QStringList &args);
int rollback(const QString &workspaceFile, const QStringList &args);
// history [A] [--env ENV] [--action ACTION] [--limit N] [--id N] [--json|--csv]: the workspace's
// audit log, newest first (historycommand.cpp).
int history(const QString &workspaceFile, const QStringList &args);
// cleanup [--dry-run] [--yes] [--json]: deletes old images by each artifact's retention
// policy, after printing the plan (cleanupcommand.cpp).
int cleanup(const QString &workspaceFile, const QStringList &args);

} // namespace rd::cli

namespace rd::cli {

// secret set NAME | secret delete NAME | secret check env:VAR|keyring:NAME: the desktop keyring
// entries that keyring:NAME references read; the secret is never printed (secretcommand.cpp).
int secret(const QStringList &args);

} // namespace rd::cli
