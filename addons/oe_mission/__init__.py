from . import controllers, models, report, wizard
