// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

// The subcommands of releasedeck-cli. Each returns the process exit code:
// 0 success, 1 operation failed, 2 usage or configuration error, 3 refused by policy.
namespace rd::cli {

enum ExitCode { Success = 0, Failed = 1, UsageError = 2, Refused = 3 };

int demoCreate(const QStringList &args);
int validate(const QString &workspaceFile, const QStringList &args);
int list(const QString &workspaceFile, const QStringList &args);

// Prints one line to stderr (errors are one clear sentence each).
void printError(const QString &message);

} // namespace rd::cli
