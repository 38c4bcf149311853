# Odoo 18.0 Community (official image) with the OCA addons Oui Ensemble ERP depends on.
FROM odoo:18.0

USER root
COPY requirements-oca.txt /tmp/requirements-oca.txt
# OCA addons from PyPI: without their dependency on a package "odoo" (the image has Odoo),
# into a folder of their own that config/odoo.conf puts in the addons path.
RUN pip install --no-cache-dir --break-system-packages --no-deps --target /mnt/oca-addons \
        -r /tmp/requirements-oca.txt \
    && pip install --no-cache-dir --break-system-packages "Unidecode==1.3.8"
USER odoo
