DATE_FORMAT = "l, j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "l, j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
