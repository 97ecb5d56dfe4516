"""Private uploads on S3-compatible object storage (``STORAGES["private"]`` when ``S3_BUCKET`` is set).

The object's Content-Type is what the site decided (from the stored name, which comes from the
sniffed type), never the browser's header that django-storages would otherwise copy; anything not a
PDF or a photo is stored, and handed out, as an attachment. Every URL is signed, short-lived and
carries the same type and disposition as response overrides, so a stored object cannot be shown as
a page of the site's origin whatever its bytes are.
"""

from storages.backends.s3 import S3Storage

from learning_city.forms import uploads

PRIVATE_CACHE_CONTROL = "private, no-store"


def disposition(content_type):
    return "inline" if uploads.shown_inline(content_type) else "attachment"


class PrivateS3Storage(S3Storage):
    # Class attributes win over the AWS_* settings shared with the public storage: never through the
    # public CDN domain (S3_CUSTOM_DOMAIN, whose URLs are not signed), never unsigned, never public-read.
    custom_domain = None
    querystring_auth = True
    default_acl = None
    file_overwrite = False

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type = uploads.type_of_name(name)
        params["ContentType"] = content_type
        params["ContentDisposition"] = disposition(content_type)
        params["CacheControl"] = PRIVATE_CACHE_CONTROL
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        """A signed URL that makes the response carry the site's type and disposition; ``parameters``
        (such as the download's file name in ResponseContentDisposition) override them."""
        content_type = uploads.type_of_name(name)
        params = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition(content_type),
            "ResponseCacheControl": PRIVATE_CACHE_CONTROL,
            **(parameters or {}),
        }
        return super().url(name, parameters=params, expire=expire, http_method=http_method)
