// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// The files in a backup folder, read with ONE command on the folder's host and parsed
// strictly: the command prints a marker line for a missing or unreadable folder, one
// "file <mtime> <size> <name>" line per backup, "unsafe" for a name holding a control
// character (never printed, since it could forge lines), and "end" when the listing is
// complete. Anything else is an error naming the line, so a truncated or foreign output
// never passes for an empty folder.
namespace rd::backups {

struct BackupFile
{
    QString name;              // a file name matching the pattern: no '/', no control characters
    QDateTime time;            // modification time, UTC
    qint64 size = 0;           // bytes

    bool operator==(const BackupFile &) const = default;
};

struct Listing
{
    enum class Folder { Present, Missing, Unreadable };
    Folder folder = Folder::Present;
    QList<BackupFile> files;   // newest first (ties: by name, descending)
    int unsafeNames = 0;       // files skipped because their names hold control characters
};

// More files than this in one folder is refused rather than read (memory and time bound).
inline constexpr qsizetype MaxListedFiles = 100'000;

// The shell command that lists `backups.path` on its host (GNU find). Path and pattern are
// single-quoted; a path starting with "~/" is taken relative to the remote user's $HOME.
QString listingCommand(const config::Backups &backups);

// Parses the command's standard output lines (without line breaks). `pattern` is the
// configured glob every name must match.
[[nodiscard]] Result<Listing> parseListing(const QStringList &lines, const QString &pattern,
                                           qsizetype maxFiles = MaxListedFiles);

// Whether `name` may be given to a restore or delete command: it matches `pattern`, has no
// '/', is not "." or "..", and holds no control character.
bool isSafeBackupName(const QString &name, const QString &pattern);

} // namespace rd::backups
