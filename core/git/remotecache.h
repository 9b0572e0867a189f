// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <functional>

// Remote repositories are read through bare mirrors the app owns: one per URL under the
// user's cache folder, holding every branch and tag of the remote (pruned), created on first
// use and refreshed on request. Diff, changelog and the matrix then open the mirror like any
// local repository.
//
// Safety: a first clone is made in a temporary folder and renamed into place only when it is
// complete, and libgit2 updates refs only after a pack has been received whole, so a fetch
// that dies midway leaves the previous mirror as it was. SSH host keys are checked against
// our own known_hosts reader (unknown: refused with the fingerprint; changed: hard failure).
namespace rd::git {

// How to reach one remote and whom to believe about it.
struct RemoteAccess
{
    QString url;                      // ssh://, user@host:path, https://, http://, git://, file://
    QString identity = QStringLiteral("agent");  // "agent" or "file:/absolute/path/of/private/key"
    QString passphraseReference;      // the key file's passphrase: env:VAR | keyring:NAME, optional
    QStringList knownHostsFiles;      // consulted in order for ssh host keys
    QString trustCommand;             // shown when the host key is unknown, e.g. "releasedeck-cli -w F trust app"
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(15)};
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};   // the whole fetch
    qint64 maxBytes = qint64(8) * 1024 * 1024 * 1024;              // a remote sending more is cut off
    // Called on the fetching thread as pack data arrives (bytes received so far).
    std::function<void(qint64 receivedBytes)> progress;
};

class RemoteCache
{
public:
    // $XDG_CACHE_HOME/releasedeck/git (~/.cache/releasedeck/git).
    static QString defaultRoot();
    explicit RemoteCache(QString root = defaultRoot());

    QString root() const { return m_root; }
    // The mirror's folder for `url` (it may not exist yet).
    QString mirrorPath(const QString &url) const;

    struct Refreshed
    {
        QString path;        // the mirror, ready to open
        bool fetched = false; // this call fetched (false: a fetch younger than maxAge, or one
                              // that finished while this call waited for it, was reused)
    };
    // Makes sure the mirror of `access.url` exists and is at most `maxAge` old. Callers in this
    // process and in others that ask at the same time share one fetch. Blocking: call it on a
    // worker thread. `cancel` (optional) stops the fetch; the old mirror stays usable.
    [[nodiscard]] Result<Refreshed> refresh(const RemoteAccess &access, std::chrono::milliseconds maxAge,
                                            const std::atomic_bool *cancel = nullptr) const;

private:
    QString m_root;
};

} // namespace rd::git
