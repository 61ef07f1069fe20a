"""positrons"""
