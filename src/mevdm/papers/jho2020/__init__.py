"""papers/jho2020"""
