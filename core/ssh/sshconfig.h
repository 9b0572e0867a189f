// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QList>
#include <QString>
#include <QStringList>

// The user's ~/.ssh/config, read the way OpenSSH reads it for the four options ReleaseDeck
// honours — HostName, Port, User, IdentityFile — so a workspace can name a host by the alias
// people already use with `ssh`. Host blocks with * ? and ! patterns apply in file order and
// the first value of each option wins. Everything else that applies to the host (ProxyJump,
// Match blocks, Include, …) is listed as ignored, so the user can be told.
namespace rd::ssh {

struct SshConfigValues
{
    QString hostName;            // empty: the alias itself
    int port = 0;                // 0: not set
    QString user;
    QStringList identityFiles;   // "~" and %d/%h/%u/%r expanded; in order
    QStringList ignored;         // "ProxyJump (line 12)", …: options that apply but are not used
};

class SshConfig
{
public:
    static constexpr qint64 MaxFileBytes = 1024 * 1024;

    // The default file is ~/.ssh/config; a missing file is an empty configuration.
    [[nodiscard]] static Result<SshConfig> load(const QString &path);
    static QString defaultPath();
    void addText(const QByteArray &text);

    // What the file says for `alias` (the workspace host's address), connecting as
    // `remoteUser` when the file does not say (used for %r).
    SshConfigValues resolve(const QString &alias, const QString &remoteUser = {}) const;

private:
    struct Option
    {
        QString keyword;     // lower case
        QString spelled;     // as written, for the ignored list
        QStringList arguments;
        int line = 0;
    };
    struct Block
    {
        enum class Kind { All, Host, Match };
        Kind kind = Kind::All;
        QStringList patterns;
        QList<Option> options;
    };
    static bool hostMatches(const QStringList &patterns, const QString &alias);

    QList<Block> m_blocks;
};

} // namespace rd::ssh
