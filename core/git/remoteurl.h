// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QString>

// Where a workspace repository lives when it is not a folder on this machine. The URL comes
// from the workspace file, which is untrusted: only the transports a release dashboard needs
// are accepted (ssh://, scp-like user@host:path, https://, http://, git://, file://), and
// anything git or an ssh client could read as an option or a program to run is refused.
namespace rd::git {

struct RemoteUrl
{
    enum class Transport { Ssh, Https, Http, Git, File };

    QString text;        // as written in the workspace (scp-like URLs stay scp-like)
    Transport transport = Transport::Ssh;
    QString user;        // may be empty
    QString host;        // empty for file://
    int port = 0;        // 0: the transport's default
    QString path;

    // The port used to connect (22 for ssh, 9418 for git, 443/80 for https/http).
    int effectivePort() const;
    bool isSsh() const { return transport == Transport::Ssh; }
};

// True when `text` names a remote (a URL with a scheme, or scp-like user@host:path), false
// for a local path. Says nothing about validity: parseRemoteUrl() decides that.
bool looksLikeRemoteUrl(const QString &text);

inline constexpr qsizetype MaxRemoteUrlLength = 2048;

// The URL taken apart, or an error naming what is not allowed in it.
[[nodiscard]] Result<RemoteUrl> parseRemoteUrl(const QString &text);

} // namespace rd::git
