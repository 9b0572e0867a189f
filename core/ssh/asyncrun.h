// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

// CommandHost::run() for code that lives on an event loop (health checks, version probes): the
// blocking run happens on a worker thread of a small pool of its own, and the result comes back
// on `context`'s thread. Destroying `context` first cancels the command and drops the result.
namespace rd::ssh {

// `options.cancel` is replaced by the cancellation tied to `context`.
void runAsync(std::shared_ptr<CommandHost> host, const QString &command, ExecOptions options, QObject *context,
              std::function<void(const Result<ExecResult> &)> done);

} // namespace rd::ssh
