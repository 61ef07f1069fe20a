"""papers/all"""
