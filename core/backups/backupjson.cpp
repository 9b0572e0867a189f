// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backupjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace rd::backups {

namespace {

QJsonObject fileJson(const BackupFile &file)
{
    return {{u"file"_s, file.name},
            {u"time"_s, file.time.toUTC().toString(Qt::ISODate)},
            {u"size"_s, double(file.size)}};
}

} // namespace

QJsonObject toJson(const BackupStatus &status)
{
    QJsonArray beyond;
    for (const BackupFile &file : status.beyondRetention)
        beyond.append(fileJson(file));
    return {
        {u"name"_s, status.environment},
        {u"status"_s, toString(status.state)},
        {u"newest"_s, status.newest ? QJsonValue(fileJson(*status.newest)) : QJsonValue(QJsonValue::Null)},
        {u"count"_s, double(status.count())},
        {u"total_size"_s, double(status.totalSize)},
        {u"error"_s, status.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(status.error)},
        {u"age_seconds"_s, status.newest ? QJsonValue(double(status.ageSeconds)) : QJsonValue(QJsonValue::Null)},
        {u"flags"_s, QJsonArray::fromStringList(status.flags())},
        {u"beyond_retention"_s, beyond},
        {u"host"_s, status.host},
        {u"path"_s, status.path},
        {u"checked"_s, status.checked.toUTC().toString(Qt::ISODate)},
        {u"unsafe_names"_s, status.unsafeNames},
    };
}

QJsonObject toJson(const QList<BackupStatus> &statuses)
{
    QJsonArray environments;
    for (const BackupStatus &status : statuses)
        environments.append(toJson(status));
    return {{u"environments"_s, environments}};
}

} // namespace rd::backups
