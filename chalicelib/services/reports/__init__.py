"""Read views: conversion reports, the agenda, the customer export."""
