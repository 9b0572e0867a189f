// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "ssh/commandhost.h"
#include "ssh/hostpool.h"
#include "util/error.h"

#include <functional>
#include <memory>

// One CommandHost per workspace host for the whole process, for the parts that describe work
// long before running it and own no HostPool (health checks, version probes): while anything
// holds the host, successive checks reuse its one SSH connection. Unknown host keys are
// refused (the error carries the fingerprint and the trust command) unless the application
// set questions to ask instead (the GUI does).
namespace rd::ssh {

[[nodiscard]] Result<std::shared_ptr<CommandHost>> sharedHost(const config::Workspace &workspace, const QString &name);

// What shared hosts made from now on do about an unknown host key and a key file's
// passphrase. Unset (the CLI): refuse, and no prompt.
struct SharedHostQuestions
{
    std::function<UnknownHostKeyHandler(const config::Workspace &workspace)> unknownHostKey;
    PassphrasePrompt passphrase;
};
void setSharedHostQuestions(SharedHostQuestions questions);

} // namespace rd::ssh
