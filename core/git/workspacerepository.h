// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "git/remotecache.h"
#include "util/error.h"

#include <QString>
#include <atomic>
#include <chrono>

// A workspace's `repositories:` entry as a folder libgit2 can open: the folder itself when the
// entry is a local path, the cached mirror when it is a remote URL. Everything that opens a
// workspace repository (matrix, diff, log, the GUI comparison) goes through here.
namespace rd::git {

// How old a mirror may be before a matrix load or a comparison fetches again.
inline constexpr std::chrono::milliseconds DefaultMirrorMaxAge = std::chrono::seconds(30);

bool isRemoteRepository(const config::Repository &repository);

// The URL, key, passphrase variable and known_hosts files for fetching a remote repository.
RemoteAccess remoteAccessFor(const config::Workspace &workspace, const config::Repository &repository);

// Without fetching: the local folder, or the mirror's folder (which may not exist yet).
QString repositoryFolder(const config::Workspace &workspace, const config::Repository &repository);

// The folder to open; a remote repository's mirror is created or refreshed first when it is
// older than `maxAge`. Blocking (network): call it on a worker thread.
[[nodiscard]] Result<QString> openableRepositoryFolder(const config::Workspace &workspace,
    const config::Repository &repository, std::chrono::milliseconds maxAge = DefaultMirrorMaxAge,
    const std::atomic_bool *cancel = nullptr);

} // namespace rd::git
