// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backuplisting.h"

#include "util/shellcommand.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace rd::backups {

namespace {

bool hasControlCharacter(QStringView text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f
                                                                     || c.category() == QChar::Other_Control; });
}

QString shown(const QString &line)
{
    QString text = line.left(120);
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return u'\'' + text + (line.size() > 120 ? u"…'"_s : u"'"_s);
}

// The folder as the shell should see it: "~/x" expands to the remote user's home.
QString quotedPath(const QString &path)
{
    if (path == u"~")
        return u"\"$HOME\""_s;
    if (path.startsWith(u"~/"))
        return u"\"$HOME\"/"_s + shellQuote(path.mid(2));
    return shellQuote(path);
}

} // namespace

QString listingCommand(const config::Backups &backups)
{
    const QString path = quotedPath(backups.path);
    // LC_ALL=C: [[:cntrl:]] means bytes 1-31 and 127 whatever the remote locale is. The
    // markers are printed on stdout so that the parser, not the exit status, decides.
    return u"if [ ! -e %1 ]; then echo missing; exit 0; fi; "
           u"cd -- %1 2>/dev/null && [ -r . ] && [ -x . ] || { echo unreadable; exit 0; }; "
           u"LC_ALL=C find . -maxdepth 1 -type f -name %2 "
           u"\\( -name '*[[:cntrl:]]*' -printf 'unsafe\\n' -o -printf 'file %T@ %s %f\\n' \\) && echo end"_s
        .arg(path, shellQuote(backups.pattern));
}

bool isSafeBackupName(const QString &name, const QString &pattern)
{
    if (name.isEmpty() || name.size() > 255 || name == u"." || name == u".." || name.contains(u'/')
        || hasControlCharacter(name))
        return false;
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(
        pattern, QRegularExpression::NonPathWildcardConversion));
    return glob.match(name).hasMatch();
}

Result<Listing> parseListing(const QStringList &lines, const QString &pattern, qsizetype maxFiles)
{
    Listing listing;
    if (lines.size() == 1 && lines.front() == u"missing") {
        listing.folder = Listing::Folder::Missing;
        return listing;
    }
    if (lines.size() == 1 && lines.front() == u"unreadable") {
        listing.folder = Listing::Folder::Unreadable;
        return listing;
    }
    if (lines.isEmpty() || lines.back() != u"end")
        return fail(Error::Domain::Ssh, u"the backup listing ended early (no end marker): the command did not finish"_s);
    if (lines.size() - 1 > maxFiles)
        return fail(Error::Domain::Ssh, u"the backup folder holds more than %1 matching files, which is more than ReleaseDeck reads"_s.arg(maxFiles));
    // file <seconds>[.<fraction>] <bytes> <name>
    static const QRegularExpression line(u"\\Afile (\\d{1,12})(?:\\.(\\d{1,10}))? (\\d{1,19}) (.+)\\z"_s);
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(
        pattern, QRegularExpression::NonPathWildcardConversion));
    listing.files.reserve(lines.size() - 1);
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QString &text = lines.at(i);
        if (text == u"unsafe") {
            ++listing.unsafeNames;
            continue;
        }
        const QRegularExpressionMatch match = line.match(text);
        if (!match.hasMatch())
            return fail(Error::Domain::Ssh, u"line %1 of the backup listing is malformed: %2"_s.arg(i + 1).arg(shown(text)));
        bool sizeOk = false;
        const qint64 size = match.captured(3).toLongLong(&sizeOk);
        const qint64 seconds = match.captured(1).toLongLong();
        const QString name = match.captured(4);
        if (!sizeOk || size < 0)
            return fail(Error::Domain::Ssh, u"line %1 of the backup listing has an impossible size: %2"_s.arg(i + 1).arg(shown(text)));
        if (seconds > 253402300799LL)   // after 9999-12-31: not a real modification time
            return fail(Error::Domain::Ssh, u"line %1 of the backup listing has an impossible time: %2"_s.arg(i + 1).arg(shown(text)));
        if (name.contains(u'/') || hasControlCharacter(name) || !glob.match(name).hasMatch())
            return fail(Error::Domain::Ssh, u"line %1 of the backup listing names a file that does not match the pattern '%2': %3"_s
                                                .arg(i + 1).arg(pattern, shown(text)));
        const int millis = match.captured(2).isEmpty() ? 0 : match.captured(2).left(3).leftJustified(3, u'0').toInt();
        listing.files.append({name, QDateTime::fromMSecsSinceEpoch(seconds * 1000 + millis, QTimeZone::UTC), size});
    }
    std::sort(listing.files.begin(), listing.files.end(), [](const BackupFile &a, const BackupFile &b) {
        return a.time != b.time ? a.time > b.time : a.name > b.name;
    });
    return listing;
}

} // namespace rd::backups
