// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/steps/commandstep.h"
#include "ssh/hostpool.h"

#include <chrono>
#include <memory>

// The questions core/ssh asks while connecting — an unknown host key, a key file's passphrase —
// answered by the person in a dialog. core/ssh asks on the worker thread that connects and
// waits for the answer; the dialog lives on the GUI thread. The worker never uses a
// BlockingQueuedConnection: it posts the question and waits on its own condition, so
//  - asked on the GUI thread itself, the dialog runs in a local event loop instead of deadlocking;
//  - if the GUI thread does not take the question up within questionPickupTimeout (it is blocked,
//    perhaps waiting for this very worker), the worker gives up with "no" and moves on;
//  - when the application quits, open questions are answered "no".
// Every HostPool the GUI creates comes from interactiveHostPool().
namespace rd::ui {

// How long a worker waits for the GUI thread to take its question up (default 20 s).
std::chrono::milliseconds questionPickupTimeout();
void setQuestionPickupTimeout(std::chrono::milliseconds timeout);   // tests

// How often one unknown host key (or a key file's passphrase) is asked about. What the person starts (host actions,
// promotions) always asks. Background work (backup polls, health checks, version probes) asks
// once per run of the application: after a "no" — to this question or any other about the same
// key — it fails with the fingerprint and the trust command instead of opening the dialog at
// every poll.
enum class Asking { Always, OncePerRun };

// Shows a HostKeyDialog (host, address, port, key type, fingerprint, the file a "yes" goes to).
// A "yes" is recorded by core/ssh with recordTrustedHostKey(), as `releasedeck-cli trust` does.
ssh::UnknownHostKeyHandler hostKeyQuestion(const config::Workspace &workspace, Asking asking = Asking::Always);
// Asks for a key file's passphrase (a password field naming the file); Cancel gives up. Asked
// OncePerRun, a key file the person cancelled is not asked about again in this run.
ssh::PassphrasePrompt passphraseQuestion(Asking asking = Asking::Always);

// A HostPool for `workspace` that asks both questions.
std::shared_ptr<ssh::HostPool> interactiveHostPool(const config::Workspace &workspace, Asking asking = Asking::Always);
// The hosts health checks and version probes share (ssh::sharedHost) ask both questions too,
// host keys once per run. Called once by the application before it opens a workspace.
void askForSharedHosts();
// Where the release engine's deploy steps run, with the same questions (release::hostFor over
// an interactiveHostPool).
release::HostResolver interactiveHostResolver(const config::Workspace &workspace);

} // namespace rd::ui
