// SPDX-License-Identifier: GPL-3.0-or-later
#include "environmentmatrix.h"

namespace rd::release {

qsizetype EnvironmentMatrix::environmentIndex(QStringView name) const
{
    for (qsizetype i = 0; i < environments.size(); ++i) {
        if (environments[i].name == name)
            return i;
    }
    return -1;
}

} // namespace rd::release
