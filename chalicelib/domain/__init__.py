"""The pure domain of kontakt: rules of SPEC §2–§4 as plain functions.

Nothing in this package imports boto3, botocore or pynamodb, and nothing here does I/O
beyond reading files shipped with the package.
"""
