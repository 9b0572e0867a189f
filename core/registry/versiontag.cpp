// SPDX-License-Identifier: GPL-3.0-or-later
#include "versiontag.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

const QRegularExpression &semverPattern()
{
    static const QRegularExpression re(u"\\Av?(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?(?:-([0-9A-Za-z.-]+))?\\z"_s);
    return re;
}

// Compares dot-separated pre-release identifiers the semver way.
int comparePrerelease(QStringView a, QStringView b)
{
    if (a.isEmpty() || b.isEmpty()) // a release sorts after any of its pre-releases
        return a.isEmpty() == b.isEmpty() ? 0 : (a.isEmpty() ? 1 : -1);
    const auto pa = a.split(u'.');
    const auto pb = b.split(u'.');
    for (qsizetype i = 0; i < std::min(pa.size(), pb.size()); ++i) {
        bool na = false, nb = false;
        const qlonglong ia = pa[i].toLongLong(&na);
        const qlonglong ib = pb[i].toLongLong(&nb);
        if (na && nb && ia != ib)
            return ia < ib ? -1 : 1;
        if (na != nb)
            return na ? -1 : 1; // numeric identifiers sort before alphanumeric ones
        if (!na) {
            if (const int c = pa[i].compare(pb[i]); c != 0)
                return c < 0 ? -1 : 1;
        }
    }
    return pa.size() == pb.size() ? 0 : (pa.size() < pb.size() ? -1 : 1);
}

} // namespace

bool isSemverLike(QStringView tag)
{
    return semverPattern().matchView(tag).hasMatch();
}

bool isVersionTag(QStringView tag, const QString &glob)
{
    if (glob.isEmpty())
        return isSemverLike(tag);
    // wildcardToRegularExpression() anchors the pattern: the whole tag must match.
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(glob));
    return re.matchView(tag).hasMatch();
}

int compareVersions(QStringView a, QStringView b)
{
    const auto ma = semverPattern().matchView(a);
    const auto mb = semverPattern().matchView(b);
    if (ma.hasMatch() != mb.hasMatch())
        return ma.hasMatch() ? 1 : -1;
    if (!ma.hasMatch()) {
        const int c = a.compare(b);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    for (int field = 1; field <= 3; ++field) {
        const qlonglong x = ma.capturedView(field).toLongLong();
        const qlonglong y = mb.capturedView(field).toLongLong();
        if (x != y)
            return x < y ? -1 : 1;
    }
    return comparePrerelease(ma.capturedView(4), mb.capturedView(4));
}

QString newestVersion(const QStringList &tags, const QString &glob)
{
    QString best;
    for (const QString &tag : tags) {
        if (isVersionTag(tag, glob) && (best.isEmpty() || compareVersions(tag, best) > 0))
            best = tag;
    }
    return best;
}

} // namespace rd::registry
