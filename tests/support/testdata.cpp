// SPDX-License-Identifier: GPL-3.0-or-later
#include "testdata.h"

#include <QDir>

namespace rd::test {

QString dataPath(const QString &relative)
{
    return QDir(qEnvironmentVariable("RD_TEST_DATA")).absoluteFilePath(relative);
}

QString binaryPath(const QString &name)
{
    return QDir(qEnvironmentVariable("RD_BIN_DIR")).absoluteFilePath(name);
}

} // namespace rd::test
