// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"
#include "util/error.h"

#include <QString>
#include <chrono>

// Small pieces both hosts share: checking ExecOptions, the one-sentence timeout/cancel errors.
namespace rd::ssh {

// Every environment name matches [A-Za-z_][A-Za-z0-9_]* and no value holds a NUL byte.
[[nodiscard]] Result<void> checkEnvironment(const ExecOptions &options);

// "NAME='value' NAME2='…' " to put before a command (empty when there is no environment).
QString environmentPrefix(const ExecOptions &options);

// "12 s", "1.5 s", "250 ms": durations in error messages.
QString describeDuration(std::chrono::milliseconds duration);

// The signal's name without "SIG" ("TERM"), or its number as text.
QString signalName(int signal);

} // namespace rd::ssh
